package io.github.azkit.examples.quickstart;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.Azurite;
import io.github.azkit.testing.TestStorage;
import java.io.PrintStream;

/**
 * Starts its own Azurite, writes and reads one blob and one table entity through clients that count storage
 * transactions, prints the counts, and exits. The README's first command runs it.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the quick start.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Azurite azurite = Azurite.start()) {
            run(azurite.connectionString(), System.out);
        }
    }

    /**
     * Writes and reads a blob and an entity in the account of {@code connectionString}.
     *
     * @param connectionString the storage account
     * @param out where to print
     * @return the transactions spent
     */
    static TransactionCounts run(String connectionString, PrintStream out) {
        TransactionCounter counter = new TransactionCounter();
        BlobClient blob = new com.azure.storage.blob.BlobServiceClientBuilder()
                .connectionString(connectionString).addPolicy(counter).buildClient()
                .createBlobContainerIfNotExists(TestStorage.uniqueName("quickstart"))
                .getBlobClient("hello.txt");
        blob.upload(BinaryData.fromString("Hello from azkit"), true);
        out.println("blob   hello.txt  -> " + blob.downloadContent());

        TableClient table = new com.azure.data.tables.TableServiceClientBuilder()
                .connectionString(connectionString).addPolicy(counter).buildClient()
                .createTableIfNotExists(TestStorage.uniqueName("quickstart"));
        table.upsertEntity(new TableEntity("demo", "1").addProperty("Greeting", "Hello from azkit"));
        out.println("entity demo/1     -> " + table.getEntity("demo", "1").getProperty("Greeting"));

        TransactionCounts spent = counter.snapshot();
        out.println();
        out.println("storage transactions: " + spent);
        return spent;
    }
}
