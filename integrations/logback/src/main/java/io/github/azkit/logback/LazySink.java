package io.github.azkit.logback;

import com.azure.core.util.Context;
import io.github.azkit.logging.LogSink;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A sink built at its first use, on the thread that writes. The appender starts while Logback is being configured,
 * often while SLF4J itself is initializing: building the Azure SDK's clients there makes the SDK log, and SLF4J then
 * warns that it replayed calls made during its initialization. Building them at the first write, on the appender's
 * own thread, keeps {@code start()} silent. Thread-safe.
 */
final class LazySink implements LogSink {

    /** Entries of up to this many chars fit a 4 MiB block whatever they hold (3 UTF-8 bytes a char, escapes doubled). */
    private static final int ALWAYS_FITS = 4 * 1024 * 1024 / 6;

    private final Supplier<LogSink> factory;
    private volatile @Nullable LogSink sink;

    LazySink(Supplier<LogSink> factory) {
        this.factory = factory;
    }

    private LogSink sink() {
        LogSink s = sink;
        if (s == null) {
            synchronized (this) {
                s = sink;
                if (s == null) {
                    s = factory.get();
                    sink = s;
                }
            }
        }
        return s;
    }

    @Override
    public void appendAll(List<String> entries) {
        sink().appendAll(entries);
    }

    @Override
    public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
        sink().appendAll(entries, timeout, context);
    }

    @Override
    public void checkEntry(String entry) {
        if (entry.length() > ALWAYS_FITS) {
            sink().checkEntry(entry); // a huge event: the real check, on the logging thread
        }
    }
}
