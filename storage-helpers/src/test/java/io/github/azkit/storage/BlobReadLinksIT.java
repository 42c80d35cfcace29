package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read links checked with plain HTTP requests against Azurite, which enforces SAS permissions and expiry. */
@AzkitStorageTest
class BlobReadLinksIT {

    private BlobContainerClient container;
    private BlobClient blob;
    private TestStorage storage;

    @BeforeEach
    void setUp(TestStorage storage) {
        this.storage = storage;
        container = storage.createContainer();
        blob = container.getBlobClient("videos/intro 1.mp4");
        blob.upload(BinaryData.fromString("frames"));
        container.getBlobClient("other.txt").upload(BinaryData.fromString("secret"));
    }

    @Test
    void theLinkReadsTheBlobWithAPlainGet() throws IOException {
        String link = BlobReadLinks.create(blob, Duration.ofMinutes(5));
        assertThat(link).contains("sr=b").contains("sp=r").doesNotContain("AccountKey");
        HttpURLConnection get = open(link, "GET");
        assertThat(get.getResponseCode()).isEqualTo(200);
        try (InputStream in = get.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("frames");
        }
    }

    @Test
    void theLinkCannotListWriteDeleteOrReadAnotherBlob() throws IOException {
        // @start region="guide-link-scope"
        String link = BlobReadLinks.create(blob, Duration.ofMinutes(5)); // no transaction: signed with the client's key
        // @end region="guide-link-scope"
        String sas = link.substring(link.indexOf('?') + 1);

        assertThat(open(container.getBlobContainerUrl() + "?restype=container&comp=list&" + sas, "GET")
                .getResponseCode()).isEqualTo(403);
        assertThat(open(container.getBlobClient("other.txt").getBlobUrl() + "?" + sas, "GET").getResponseCode())
                .isEqualTo(403);

        HttpURLConnection put = open(link, "PUT");
        put.setRequestProperty("x-ms-blob-type", "BlockBlob");
        put.setDoOutput(true);
        try (OutputStream out = put.getOutputStream()) {
            out.write("overwritten".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(put.getResponseCode()).isEqualTo(403);
        assertThat(open(link, "DELETE").getResponseCode()).isEqualTo(403);
        assertThat(blob.downloadContent().toString()).isEqualTo("frames");
    }

    @Test
    void theLinkIsRefusedAfterExpiry() throws IOException {
        // @start region="guide-link-expiry"
        String link = BlobReadLinks.create(blob, Duration.ofHours(1)); // readable from now for one hour, then 403
        // @end region="guide-link-expiry"
        // the same call signed two hours ago (the package-private overload with a clock): expired an hour ago
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = BlobReadLinks.create(blob, Duration.ofHours(1), twoHoursAgo);
        assertThat(open(expired, "GET").getResponseCode()).isEqualTo(403);
        // the same blob with a live link still reads
        assertThat(open(link, "GET").getResponseCode()).isEqualTo(200);
    }

    @Test
    void anAccountKeyCanBeGivenSeparatelyFromAKeylessClient() throws IOException {
        StorageSharedKeyCredential key = StorageSharedKeyCredential.fromConnectionString(storage.connectionString());
        BlobClient keyless = new BlobClientBuilder().endpoint(blob.getBlobUrl()).buildClient();
        assertThatThrownBy(() -> BlobReadLinks.create(keyless, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds no account key");
        String link = BlobReadLinks.create(keyless, key, Duration.ofMinutes(5));
        assertThat(open(link, "GET").getResponseCode()).isEqualTo(200);
        StorageSharedKeyCredential otherAccount = new StorageSharedKeyCredential("someoneelse",
                Base64.getEncoder().encodeToString(new byte[64]));
        assertThatThrownBy(() -> BlobReadLinks.create(keyless, otherAccount, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is for account someoneelse");
    }

    @Test
    void userDelegationLinksAreScopedAndMayNotOutliveTheKey() {
        // Azurite without OAuth cannot issue user delegation keys, so this checks the signed fields only
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UserDelegationKey key = new UserDelegationKey().setSignedObjectId("11111111-1111-1111-1111-111111111111")
                .setSignedTenantId("22222222-2222-2222-2222-222222222222").setSignedStart(now.minusMinutes(1))
                .setSignedExpiry(now.plusHours(1)).setSignedService("b").setSignedVersion("2025-01-05")
                .setValue(Base64.getEncoder().encodeToString(new byte[32]));
        String link = BlobReadLinks.create(blob, key, Duration.ofMinutes(30));
        assertThat(link).startsWith(blob.getBlobUrl() + "?").contains("sr=b").contains("sp=r")
                .contains("skoid=11111111-1111-1111-1111-111111111111");
        assertThatThrownBy(() -> BlobReadLinks.create(blob, key, Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the link would");
    }

    @Test
    void lifetimesOutOfRangeAreRejected() {
        assertThatThrownBy(() -> BlobReadLinks.create(blob, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lifetime' must be positive and at most PT168H (7 days), was PT0S");
        assertThatThrownBy(() -> BlobReadLinks.create(blob, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT192H");
    }

    private static HttpURLConnection open(String url, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        return c;
    }
}
