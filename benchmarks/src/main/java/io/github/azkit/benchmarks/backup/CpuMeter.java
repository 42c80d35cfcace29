package io.github.azkit.benchmarks.backup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU seconds used while a benchmark case runs, split between this JVM, the Azurite node process and everything
 * else on the machine (other builds sharing the cores), read from /proc on Linux. Not thread-safe.
 */
final class CpuMeter {

    /** Linux reports process and machine times in clock ticks of 1/100 s. */
    private static final double TICK = 0.01;

    private final long nodePid;

    private CpuMeter(long nodePid) {
        this.nodePid = nodePid;
    }

    /** Finds the node process among this JVM's descendants (Azurite runs under a small shell watchdog). */
    static CpuMeter forAzurite() {
        Optional<ProcessHandle> node = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/node") || c.equals("node")).orElse(false))
                .findFirst();
        return new CpuMeter(node.map(ProcessHandle::pid).orElse(-1L));
    }

    /** CPU seconds so far: this JVM, Azurite, and the whole machine (busy, all cores). */
    record Sample(double jvm, double azurite, double machine) {

        Sample minus(Sample before) {
            return new Sample(jvm - before.jvm, azurite - before.azurite, machine - before.machine);
        }

        double others() {
            return Math.max(0, machine - jvm - azurite);
        }
    }

    Sample sample() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new Sample(jvm, processTicks(nodePid) * TICK, machineBusyTicks() * TICK);
    }

    /**
     * Waits until Azurite is idle: first for longer than its 5-second autosave interval (so that the save of what
     * the previous case changed has begun), then until it used under 5% of a core for a quarter of a second, or
     * 15 s in all. Each case then starts on a quiet Azurite instead of paying for its predecessor's save.
     */
    void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Thread.sleep(5_500);
        while (System.nanoTime() < deadline) {
            long before = processTicks(nodePid);
            Thread.sleep(250);
            if ((processTicks(nodePid) - before) * TICK < 0.05 * 0.25) {
                return;
            }
        }
    }

    private static long processTicks(long pid) {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 (utime) and 15 (stime) of proc(5), counted from the state field, which is field 3
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
