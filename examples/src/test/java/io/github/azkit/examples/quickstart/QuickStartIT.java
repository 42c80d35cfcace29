package io.github.azkit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class QuickStartIT {

    @Test
    void writesReadsAndPrintsTheTransactionCounts(TestStorage storage) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TransactionCounts spent = QuickStart.run(storage.connectionString(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("hello.txt  -> Hello from azkit").contains("demo/1     -> Hello from azkit");
        assertThat(output).contains("storage transactions: total=6 read=2 write=4 failed=0");
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(4); // create container, upload, create table, upsert
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(2);  // download, get entity
    }
}
