package io.github.azkit.logging;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer process of {@link MultiProcessWritersIT}: appends {@code entries} entries {@code <writer>-<seq>} to one
 * {@link OngoingLog}, through a blob client that loses the response of every fifth Put Block List attempt and of
 * others with a given probability (the SDK's retry then meets 412). Mode {@code direct} calls {@link OngoingLog#appendAll(List)} per batch and retries a
 * batch that throws with the same entries, as a careful caller does; mode {@code async} goes through an
 * {@link AsyncLogWriter}.
 *
 * <p>Prints {@code READY} once built, waits for a line {@code GO} on its standard input (so that all writers start
 * together), and prints {@code DONE ...} with its counters. Reads the connection string from the environment
 * ({@value #CONNECTION_STRING_ENV}), never from the command line. Exits by itself after two minutes in case its
 * parent died. Exit codes: 0 all written, 2 entries lost or a batch gave up, 3 no {@code GO}, 4 the two minutes.
 */
public final class LogWriterChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_LOG_CHILD_CONNECTION_STRING";

    private LogWriterChild() {
    }

    /**
     * Runs the writer.
     *
     * @param args container, log id, writer name, entries, batch size, fault seed, probability of a lost commit
     *     response besides every fifth, mode ({@code direct} or {@code async})
     * @throws Exception if the writer fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 4);

        String containerName = args[0];
        String logId = args[1];
        String writer = args[2];
        int entries = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        double lossProbability = Double.parseDouble(args[6]);
        boolean async = "async".equals(args[7]);

        // Every 5th commit attempt (so at least 20% whatever the timing), and others at random.
        FaultInjector faults = FaultInjector.builder().seed(seed)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).everyNth(5))
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(lossProbability))
                .build();
        // The retries of TestStorage.blobServiceClient(faults): 6 tries, 10 ms base, 200 ms at most, 5 s a try.
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 6, 5, 10L, 200L, null))
                .addPolicy(faults)
                .buildClient().getBlobContainerClient(containerName);
        OngoingLog log = OngoingLog.builder().containerClient(container).logId(logId).build();

        System.out.println("READY " + writer);
        System.out.flush();
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!"GO".equals(go)) {
            System.out.println("NO GO: " + go);
            System.exit(3);
        }

        long callerRetries = 0;
        boolean complete;
        if (async) {
            AsyncLogWriter out = AsyncLogWriter.builder().sink(log).maxBatchEntries(batch).queueCapacity(batch * 4)
                    .flushInterval(Duration.ofMillis(5))
                    .fullQueuePolicy(AsyncLogWriter.FullQueuePolicy.BLOCK)
                    .retryPolicy(RetryPolicy.builder().maxAttempts(20).initialDelay(Duration.ofMillis(5))
                            .maxDelay(Duration.ofMillis(50)).build())
                    .build();
            for (int i = 0; i < entries; i++) {
                out.append(writer + "-" + i);
            }
            out.close();
            callerRetries = out.failedAttemptCount();
            complete = out.lostCount() == 0 && out.droppedCount() == 0 && out.writtenCount() == entries;
        } else {
            complete = true;
            for (int start = 0; start < entries && complete; start += batch) {
                List<String> entriesOfBatch = new ArrayList<>();
                for (int i = start; i < Math.min(entries, start + batch); i++) {
                    entriesOfBatch.add(writer + "-" + i);
                }
                for (int attempt = 1; ; attempt++) {
                    try {
                        log.appendAll(entriesOfBatch);
                        break;
                    } catch (RuntimeException e) {
                        callerRetries++;
                        if (attempt == 20) {
                            System.out.println("BATCH FAILED " + start + ": " + e);
                            complete = false;
                            break;
                        }
                    }
                }
            }
        }
        System.out.println("DONE " + writer + " commits=" + faults.seen(Operation.BLOCK_COMMIT)
                + " lostResponses=" + faults.injected(Fault.LOST_RESPONSE)
                + " appliedDespiteFailure=" + log.appliedDespiteFailure()
                + " conflicts=" + log.conflicts()
                + " callerRetries=" + callerRetries);
        System.out.flush();
        System.exit(complete ? 0 : 2);
    }
}
