package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@AzkitStorageTest
class TableScanIT {

    private static String id(TableEntity e) {
        return e.getPartitionKey() + "/" + e.getRowKey();
    }

    /** Regression test for the original's TakeWhile paging bug: a resumed scan yields everything exactly once. */
    @Test
    void aScanOf25000EntitiesResumesAfterACrashAndYieldsEachEntityExactlyOnce(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .createTable(TestStorage.uniqueName("scan"));
        TestEntities.insert(table, 25, 1000);

        // Given a scan that crashes after its 7th page, having saved the token of each page it finished
        List<String> seen = new ArrayList<>();
        String savedToken = null;
        int pages = 0;
        TransactionCounts before = counter.snapshot();
        for (TablePage page : TableScan.builder().tableClient(table).pageSize(1000).build().pages()) {
            page.entities().forEach(e -> seen.add(id(e)));
            savedToken = page.continuationToken();
            if (++pages == 7) {
                break; // the crash
            }
        }
        assertThat(seen).hasSize(7000);
        assertThat(savedToken).isNotNull();

        // When a new process resumes from the saved token
        int resumedPages = 0;
        // @start region="guide-scan-resume"
        TableScan scan = TableScan.builder()
                .tableClient(table)
                .pageSize(1000)                         // 1 list request per page of up to 1,000
                .continuationToken(savedToken)          // the last token saved; null on a first run
                .build();
        for (TablePage page : scan.pages()) {
            page.entities().forEach(e -> seen.add(e.getPartitionKey() + "/" + e.getRowKey()));
            savedToken = page.continuationToken();      // save it only after the page is processed
            // @end region="guide-scan-resume"
            resumedPages++;
            // @start region="guide-scan-resume"
        }
        // @end region="guide-scan-resume"

        // Then every entity was seen exactly once, one list request per page
        assertThat(seen).hasSize(25_000).doesNotHaveDuplicates();
        assertThat(resumedPages).isEqualTo(18);
        assertThat(counter.snapshot().minus(before).get(TransactionKind.LIST)).isEqualTo(7 + 18);
        assertThat(savedToken).as("the last page has no token").isNull();
        table.deleteTable();
    }

    @Test
    void pageSizeIsSentAsTopAndTheStreamJoinsPages(TestStorage storage) {
        TableClient table = storage.createTable();
        TestEntities.insert(table, 2, 10);
        List<Integer> sizes = new ArrayList<>();
        for (TablePage page : TableScan.builder().tableClient(table).pageSize(7).build().pages()) {
            sizes.add(page.entities().size());
        }
        assertThat(sizes).containsExactly(7, 7, 6);
        assertThat(TableScan.builder().tableClient(table).pageSize(3)
                .filter(TableFilter.partitionKey(TestEntities.partitionKey(1))).build().stream().map(TableScanIT::id))
                .hasSize(10).allMatch(s -> s.startsWith("p0001/"));
        assertThat(TableScan.builder().tableClient(table).select(List.of("N")).build().stream().findFirst()
                .orElseThrow().getProperties()).containsKey("N").doesNotContainKey("Name");
    }

    @Test
    void emptyPagesThatCarryATokenAreFollowed(TestStorage storage) {
        // The service may return an empty page with a continuation token; Azurite never does, so a policy turns
        // the 2nd and 3rd list responses into empty pages that point at the position they were asked for.
        AtomicInteger lists = new AtomicInteger();
        HttpPipelinePolicy emptyPages = (context, next) -> {
            HttpRequest request = context.getHttpRequest();
            boolean list = request.getHttpMethod() == HttpMethod.GET && request.getUrl().getPath().endsWith("()");
            int n = list ? lists.incrementAndGet() : 0;
            return next.process().map(response -> n == 2 || n == 3 ? emptyPageAt(response) : response);
        };
        TableClient table = storage.tableServiceClientBuilder().addPolicy(emptyPages).buildClient()
                .createTable(TestStorage.uniqueName("empty"));
        TestEntities.insert(table, 1, 30);

        List<TablePage> pages = new ArrayList<>();
        TableScan.builder().tableClient(table).pageSize(10).build().pages().forEach(pages::add);

        assertThat(pages).extracting(p -> p.entities().size()).containsExactly(10, 0, 0, 10, 10);
        assertThat(pages.get(1).continuationToken()).isNotNull();
        assertThat(pages.stream().flatMap(p -> p.entities().stream()).map(TableScanIT::id)
                .collect(Collectors.toSet())).hasSize(30);
        table.deleteTable();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> TableScan.builder().pageSize(1001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pageSize'")
                .hasMessageContaining("1001");
        assertThatThrownBy(() -> TableScan.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tableClient");
        assertThatThrownBy(() -> TableScan.builder().select(List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse emptyPageAt(HttpResponse real) {
        HttpRequest request = real.getRequest();
        Set<String> params = new HashSet<>(List.of("NextPartitionKey", "NextRowKey"));
        HttpHeaders headers = new HttpHeaders();
        real.getHeaders().forEach(h -> headers.set(h.getName(), h.getValue()));
        headers.remove(HttpHeaderName.fromString("x-ms-continuation-NextPartitionKey"));
        headers.remove(HttpHeaderName.fromString("x-ms-continuation-NextRowKey"));
        String query = request.getUrl().getQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (params.contains(kv[0])) {
                headers.set(HttpHeaderName.fromString("x-ms-continuation-" + kv[0]),
                        URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        headers.remove(HttpHeaderName.CONTENT_LENGTH);
        byte[] body = "{\"value\":[]}".getBytes(StandardCharsets.UTF_8);
        real.close();
        return new HttpResponse(request) {
            @Override
            public int getStatusCode() {
                return 200;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.just(ByteBuffer.wrap(body));
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.just(body);
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.just(new String(body, StandardCharsets.UTF_8));
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.just(new String(body, charset));
            }
        };
    }
}
