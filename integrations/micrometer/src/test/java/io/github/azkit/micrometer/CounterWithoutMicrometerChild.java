package io.github.azkit.micrometer;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.ChildJvm;
import java.time.Duration;

/**
 * The child main of {@link StorageHelpersWithoutMicrometerIT}: run on a class path without Micrometer, it prints
 * {@code micrometer absent} if no Micrometer class loads, counts three blob requests with a
 * {@link TransactionCounter} (clients from the connection string in {@value #CONNECTION_STRING_ENV}), prints the
 * counts' kinds and failures, then {@code DONE}. Uses no class of azkit-micrometer.
 */
public final class CounterWithoutMicrometerChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private CounterWithoutMicrometerChild() {
    }

    /**
     * Runs the check.
     *
     * @param args the name of the container to create
     */
    public static void main(String[] args) {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            System.out.println("micrometer present");
        } catch (ClassNotFoundException expected) {
            System.out.println("micrometer absent");
        }
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).addPolicy(counter).buildClient()
                .getBlobContainerClient(args[0]);
        container.create();
        container.getBlobClient("a").upload(BinaryData.fromString("a"));
        container.getBlobClient("a").downloadContent();
        TransactionCounts counts = counter.snapshot();
        System.out.println(counts.toString().replaceAll(" sent=.*", ""));
        System.out.println("DONE");
    }
}
