package io.github.azkit.testing;

import static io.github.azkit.testing.Operation.BATCH;
import static io.github.azkit.testing.Operation.BLOCK_COMMIT;
import static io.github.azkit.testing.Operation.CONDITIONAL_WRITE;
import static io.github.azkit.testing.Operation.DELETE;
import static io.github.azkit.testing.Operation.LEASE;
import static io.github.azkit.testing.Operation.LIST;
import static io.github.azkit.testing.Operation.READ;
import static io.github.azkit.testing.Operation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestKindsTest {

    private static final String BLOB = "http://127.0.0.1:10000/devstoreaccount1/orders/2024/day.json";
    private static final String TABLE = "http://127.0.0.1:10002/devstoreaccount1/";
    private static final HttpHeaders NONE = new HttpHeaders();
    private static final HttpHeaders JSON = new HttpHeaders().set("Accept", "application/json;odata=minimalmetadata");

    private static Set<Operation> kinds(String method, String url, HttpHeaders headers) {
        return RequestKinds.classify(HttpMethod.valueOf(method), url(url), headers);
    }

    private static URL url(String url) {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpHeaders ifMatch(String etag) {
        return new HttpHeaders().set("If-Match", etag);
    }

    @Test
    void blobReadsAndListings() {
        assertThat(kinds("GET", BLOB, NONE)).containsExactly(READ);
        assertThat(kinds("HEAD", BLOB, NONE)).containsExactly(READ);
        assertThat(kinds("GET", BLOB + "?comp=blocklist", NONE)).containsExactly(READ);
        assertThat(kinds("GET", "http://h/acct/orders?restype=container&comp=list&prefix=a", NONE))
                .containsExactly(LIST);
        assertThat(kinds("GET", "http://h/acct?comp=list", NONE)).containsExactly(LIST);
    }

    @Test
    void blobWrites() {
        assertThat(kinds("PUT", BLOB, NONE)).containsExactly(WRITE);
        assertThat(kinds("PUT", BLOB, ifMatch("\"0x8D\""))).containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
        assertThat(kinds("PUT", BLOB, new HttpHeaders().set("If-None-Match", "*")))
                .containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
        assertThat(kinds("PUT", BLOB, ifMatch("*"))).containsExactly(WRITE);
        assertThat(kinds("PUT", BLOB + "?comp=block&blockid=AAAA", NONE)).containsExactly(WRITE);
        assertThat(kinds("PUT", BLOB + "?comp=blocklist", NONE)).containsExactlyInAnyOrder(WRITE, BLOCK_COMMIT);
        assertThat(kinds("PUT", BLOB + "?comp=blocklist", ifMatch("\"0x8D\"")))
                .containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE, BLOCK_COMMIT);
        assertThat(kinds("PUT", BLOB + "?comp=metadata", NONE)).containsExactly(WRITE);
        assertThat(kinds("POST", "http://h/acct?comp=batch", NONE)).containsExactlyInAnyOrder(WRITE, BATCH);
    }

    @Test
    void containerCreateIsCreateOnly() {
        assertThat(kinds("PUT", "http://h/acct/orders?restype=container", NONE))
                .containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
        assertThat(kinds("PUT", "http://h/acct/orders?restype=container&comp=metadata", NONE))
                .containsExactly(WRITE);
        assertThat(kinds("DELETE", "http://h/acct/orders?restype=container", NONE))
                .containsExactlyInAnyOrder(DELETE, WRITE);
    }

    @Test
    void leaseIsOnlyALease() {
        assertThat(kinds("PUT", BLOB + "?comp=lease", new HttpHeaders().set("x-ms-lease-action", "acquire")))
                .containsExactly(LEASE);
        assertThat(kinds("PUT", "http://h/acct/orders?comp=lease&restype=container", ifMatch("\"e\"")))
                .containsExactly(LEASE);
    }

    @Test
    void deletesAreConditionalOnlyWithAnETag() {
        assertThat(kinds("DELETE", BLOB, NONE)).containsExactlyInAnyOrder(DELETE, WRITE);
        assertThat(kinds("DELETE", BLOB, ifMatch("\"0x8D\""))).containsExactlyInAnyOrder(DELETE, WRITE,
                CONDITIONAL_WRITE);
        assertThat(kinds("DELETE", TABLE + "orders(PartitionKey='a',RowKey='b')", ifMatch("*")))
                .containsExactlyInAnyOrder(DELETE, WRITE);
    }

    @Test
    void tableRequests() {
        assertThat(kinds("GET", TABLE + "orders(PartitionKey='a',RowKey='b')", JSON)).containsExactly(READ);
        assertThat(kinds("GET", TABLE + "orders()?$filter=PartitionKey%20eq%20'a'", JSON)).containsExactly(LIST);
        assertThat(kinds("GET", TABLE + "Tables", JSON)).containsExactly(LIST);
        assertThat(kinds("POST", TABLE + "$batch", JSON)).containsExactlyInAnyOrder(WRITE, BATCH);
        assertThat(kinds("POST", TABLE + "orders", JSON)).containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
        assertThat(kinds("POST", TABLE + "Tables", JSON)).containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
        assertThat(kinds("PUT", TABLE + "orders(PartitionKey='a',RowKey='b')", JSON)).containsExactly(WRITE);
        assertThat(kinds("PUT", TABLE + "orders(PartitionKey='a',RowKey='b')", ifMatch("W/\"datetime'x'\"")))
                .containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
        assertThat(kinds("PATCH", TABLE + "orders(PartitionKey='a',RowKey='b')", ifMatch("W/\"e\"")))
                .containsExactlyInAnyOrder(WRITE, CONDITIONAL_WRITE);
    }

    @Test
    void otherMethodsHaveNoKind() {
        assertThat(kinds("OPTIONS", BLOB, NONE)).isEmpty();
    }

    @Test
    void namesMatchSegmentsTablesAndBlobNamesWithSlashes() {
        assertThat(RequestKinds.names(url(BLOB), "orders")).isTrue();
        assertThat(RequestKinds.names(url(BLOB), "2024/day.json")).isTrue();
        assertThat(RequestKinds.names(url(BLOB), "day.json")).isTrue();
        assertThat(RequestKinds.names(url(BLOB), "order")).isFalse();
        assertThat(RequestKinds.names(url(BLOB), "024/day.json")).isFalse();
        assertThat(RequestKinds.names(url(TABLE + "orders(PartitionKey='a',RowKey='b')"), "orders")).isTrue();
        assertThat(RequestKinds.names(url(TABLE + "orders()?$filter=x"), "orders")).isTrue();
        assertThat(RequestKinds.names(url(TABLE + "Tables('orders')"), "orders")).isTrue();
        assertThat(RequestKinds.names(url(TABLE + "orders2(PartitionKey='a',RowKey='b')"), "orders")).isFalse();
        assertThat(RequestKinds.names(url("http://h/acct/my%20blob"), "my blob")).isTrue();
    }

    @Test
    void aBatchIsNamedByTheUrlsOfItsSubRequests() {
        String body = "--batch_1\r\nContent-Type: multipart/mixed; boundary=changeset_1\r\n\r\n--changeset_1\r\n"
                + "PATCH http://h/acct/orders(PartitionKey='p',RowKey='1') HTTP/1.1\r\n\r\n{}\r\n--changeset_1--";
        com.azure.core.http.HttpRequest batch = new com.azure.core.http.HttpRequest(HttpMethod.POST,
                TABLE + "$batch").setBody(body);

        assertThat(RequestKinds.names(batch, "orders")).isTrue();
        assertThat(RequestKinds.names(batch, "order")).isFalse();
        assertThat(RequestKinds.names(new com.azure.core.http.HttpRequest(HttpMethod.PUT, BLOB).setBody(body),
                "orders(PartitionKey='p',RowKey='1')")).as("only a batch's body is read").isFalse();
    }

    @Test
    void tableRequestsAreToldFromBlobRequests() {
        assertThat(RequestKinds.isTable(url(TABLE + "$batch"), NONE)).isTrue();
        assertThat(RequestKinds.isTable(url(TABLE + "orders"), JSON)).isTrue();
        assertThat(RequestKinds.isTable(url(BLOB), new HttpHeaders().set("Accept", "application/xml"))).isFalse();
    }
}
