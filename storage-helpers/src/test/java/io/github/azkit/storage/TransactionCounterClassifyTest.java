package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpMethod;
import java.net.MalformedURLException;
import java.net.URL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionCounterClassifyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "GET | /acct/c/b.txt | READ",
        "HEAD | /acct/c/b.txt | READ",
        "GET | /acct/c/b.txt?comp=blocklist&blocklisttype=all | READ",
        "GET | /acct/c?restype=container&comp=list | LIST",
        "GET | /acct?comp=list | LIST",
        "PUT | /acct/c/b.txt | WRITE",
        "PUT | /acct/c/b.txt?comp=block&blockid=AAAA | WRITE",
        "PUT | /acct/c/b.txt?comp=blocklist | WRITE",
        "PUT | /acct/c/b.txt?comp=lease | LEASE",
        "PUT | /acct/c?restype=container&comp=lease | LEASE",
        "DELETE | /acct/c/b.txt | DELETE",
        "POST | /acct?comp=batch | BATCH",
        "POST | /acct/$batch | BATCH",
        "POST | /acct/Tables | WRITE",
        "GET | /acct/Tables | LIST",
        "GET | /acct/orders() | LIST",
        "GET | /acct/orders(PartitionKey='p',RowKey='r') | READ",
        // a query whose filter names one entity by both keys is a read of that entity
        "GET | /acct/orders()?$format=application%2Fjson%3Bodata%3Dfullmetadata&$top=1"
                + "&$filter=%28PartitionKey%20eq%20%27p%27%29%20and%20%28RowKey%20eq%20%27r%27%29 | READ",
        "GET | /acct/orders()?%24filter=PartitionKey%20eq%20'it''s'%20and%20RowKey%20eq%20'' | READ",
        "GET | /acct/orders()?$filter=%28PartitionKey%20eq%20%27p%27%29%20and%20%28RowKey%20ge%20%27r%27%29 | LIST",
        "GET | /acct/orders()?$filter=%28PartitionKey%20eq%20%27p%27%29%20and%20%28RowKey%20eq%20%27r%27%29"
                + "%20or%20%28RowKey%20eq%20%27s%27%29 | LIST",
        "GET | /acct/orders()?$filter=PartitionKey%20eq%20%27p%27 | LIST",
        "PATCH | /acct/orders(PartitionKey='p',RowKey='r') | WRITE",
        "DELETE | /acct/orders(PartitionKey='p',RowKey='r') | DELETE",
        "OPTIONS | /acct/c/b.txt | OTHER",
    })
    void classifiesRequests(String method, String pathAndQuery, TransactionKind expected)
            throws MalformedURLException {
        URL url = new URL("http://127.0.0.1:10000" + pathAndQuery.replace("\\,", ","));
        assertThat(TransactionCounter.classify(HttpMethod.valueOf(method), url)).isEqualTo(expected);
    }
}
