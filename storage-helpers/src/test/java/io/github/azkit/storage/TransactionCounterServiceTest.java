package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.MalformedURLException;
import java.net.URL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionCounterServiceTest {

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "https://acct.blob.core.windows.net/c/b.txt | - | BLOB",
        "https://acct.table.core.windows.net/Tables | - | TABLE",
        "https://acct.queue.core.windows.net/q/messages | - | QUEUE",
        "https://acct.file.core.windows.net/share/f | - | FILE",
        "https://acct.dfs.core.windows.net/fs/p | - | DATA_LAKE",
        "https://acct.privatelink.blob.core.windows.net/c/b | - | BLOB",
        "https://acct.blob.core.usgovcloudapi.net/c/b | - | BLOB",
        "https://ACCT.TABLE.CORE.WINDOWS.NET/Tables | - | TABLE",
        // the host wins over the user agent: the endpoint is what is billed
        "https://acct.table.core.windows.net/Tables | azsdk-java-azure-storage-blob/12.37.2 | TABLE",
        // an account named like a service is not the service label
        "https://blob.table.core.windows.net/Tables | - | TABLE",
        // Azurite and other addresses that name no service: the client library in User-Agent
        "http://127.0.0.1:10000/devstoreaccount1/c/b | azsdk-java-azure-storage-blob/12.37.2 (17.0.2; Linux; 6.1) | BLOB",
        "http://127.0.0.1:10002/devstoreaccount1/Tables | azsdk-java-azure-data-tables/12.5.9 (17.0.2; Linux; 6.1) | TABLE",
        "http://127.0.0.1:10001/devstoreaccount1/q | myapp azsdk-java-azure-storage-queue/12.26.0 | QUEUE",
        "http://localhost/acct/fs | azsdk-java-azure-storage-file-datalake/12.24.0 | DATA_LAKE",
        "http://localhost/acct/s | azsdk-java-azure-storage-file-share/12.28.0 | FILE",
        "http://127.0.0.1:10000/devstoreaccount1/c/b | - | OTHER",
        "http://127.0.0.1:10000/devstoreaccount1/c/b | curl/8.5.0 | OTHER",
        "https://cdn.example.com/c/b | - | OTHER",
    })
    void tellsTheServiceByHostThenUserAgent(String url, String userAgent, StorageService expected)
            throws MalformedURLException {
        assertThat(TransactionCounter.service(new URL(url), userAgent)).isEqualTo(expected);
    }
}
