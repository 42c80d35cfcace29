package io.github.azkit.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.BlobReadLinks;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GUIDE.md chapter 15: what a read link costs the service that hands it out. */
@AzkitStorageTest
class SasLinksIT {

    @Test
    void aLinkIsSignedWithoutARequestAndReadWithAPlainGet(TestStorage storage) throws Exception {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(storage.createContainer().getBlobContainerName());
        BlobClient transcript = container.getBlobClient("transcripts/contoso/2026-11.csv");
        transcript.upload(BinaryData.fromString("time,email,video,minutes,country\n"));

        TransactionCounts before = counter.snapshot();
        // @start region="guide-link-cost"
        // A link that reads this one blob for 15 minutes, signed locally: no storage transaction
        String link = BlobReadLinks.create(transcript, Duration.ofMinutes(15));
        // Hand it to the customer's browser, which downloads from storage (1 Get Blob), not from your service
        // @end region="guide-link-cost"
        assertThat(counter.snapshot().minus(before).total()).isZero(); // signed locally: no storage request

        // The customer's browser (here a plain HTTP client) downloads it from storage, not from the service
        HttpResponse<String> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("time,email,video,minutes,country\n");
    }
}
