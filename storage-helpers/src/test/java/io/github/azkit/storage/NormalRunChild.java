package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The child main of {@link NoWarningsIT}: the module's main operations as an application makes them, with clients
 * built from the connection string in {@value #CONNECTION_STRING_ENV}, in the container named by the first argument.
 * Every refusal here (a missing blob, a lost ETag race, a create that finds the blob there) is part of normal
 * operation. Prints {@code DONE} and returns.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private static final OptimisticUpdate.Change<BinaryData> INCREMENT = current -> Optional.of(BinaryData.fromString(
            Long.toString(current == null ? 1 : Long.parseLong(current.toString()) + 1)));

    private NormalRunChild() {
    }

    /**
     * Runs the operations.
     *
     * @param args the container's name
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient()
                .getBlobContainerClient(args[0]);

        // An optimistic counter: created by its first update (a read that finds no blob), then contended
        BlobClient counter = container.getBlobClient("counter");
        OptimisticUpdate.update(ETagStore.blob(counter), INCREMENT);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> updates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            updates.add(threads.submit(() -> OptimisticUpdate.update(ETagStore.blob(counter), INCREMENT)));
        }
        for (Future<?> update : updates) {
            update.get();
        }
        threads.shutdown();
        check(counter.downloadContent().toString().equals("41"), "the counter is 41");
        // "if the bit did not change, do not write it back"
        check(!OptimisticUpdate.update(ETagStore.blobBytes(counter), current -> Optional.empty()).isWritten(),
                "no write without a change");

        // Conditional writes without a loop: the second create and the stale update are refused
        BlobClient once = container.getBlobClient("once");
        String eTag = ConditionalBlobWrites.uploadIfAbsent(once, BinaryData.fromString("first")).orElseThrow();
        check(ConditionalBlobWrites.uploadIfAbsent(once, BinaryData.fromString("second")).isEmpty(),
                "a second create is refused");
        check(ConditionalBlobWrites.uploadIfMatch(once, BinaryData.fromString("third"), eTag).isPresent(),
                "an update with the current ETag");
        check(ConditionalBlobWrites.uploadIfMatch(once, BinaryData.fromString("fourth"), eTag).isEmpty(),
                "an update with a stale ETag is refused");
        check(ConditionalBlobWrites.uploadIfMatch(container.getBlobClient("never-created"),
                BinaryData.fromString("x"), eTag).isEmpty(), "an update of a missing blob is refused");

        // A cached blob polled by ETag: missing, then loaded, then unchanged, then changed
        BlobClient settings = container.getBlobClient("settings");
        try (CachedBlob<String> cached = CachedBlob.<String>builder().blobClient(settings)
                .parser(data -> new String(data.toBytes(), StandardCharsets.UTF_8))
                .pollInterval(Duration.ofMinutes(10)).build()) {
            cached.refresh();
            check(cached.get().isEmpty(), "no value while the blob is missing");
            settings.upload(BinaryData.fromString("v1"));
            cached.refresh();
            cached.refresh();
            settings.upload(BinaryData.fromString("v2"), true);
            cached.refresh();
            check(cached.get().orElseThrow().equals("v2"), "the cache sees the change");
        }

        // A read link
        check(BlobReadLinks.create(once, Duration.ofMinutes(5)).contains("sig="), "a read link");
        System.out.println("DONE");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
