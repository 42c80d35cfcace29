package io.github.azkit.election;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.util.Map;

/** How a job makes its output fenced: a write that never replaces output carrying a larger fencing token. */
final class FencedWrite {

    private FencedWrite() {
    }

    // @start region="fenced-write"
    /**
     * Writes {@code content} to {@code output} unless the output already carries a larger fencing token.
     * Returns false if a newer term has written (or writes concurrently): the caller's term is over.
     */
    static boolean write(BlobClient output, long fencingToken, String content) {
        BlobRequestConditions onlyIfUnchanged;
        try {
            BlobProperties current = output.getProperties();                          // 1 read
            long stored = Long.parseLong(current.getMetadata().getOrDefault("fencingtoken", "0"));
            if (stored > fencingToken) {
                return false;                                                       // a newer term wrote already
            }
            onlyIfUnchanged = new BlobRequestConditions().setIfMatch(current.getETag());
        } catch (BlobStorageException e) {
            if (e.getErrorCode() != BlobErrorCode.BLOB_NOT_FOUND) {
                throw e;
            }
            onlyIfUnchanged = new BlobRequestConditions().setIfNoneMatch("*");
        }
        try {
            output.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(content))     // 1 write
                    .setMetadata(Map.of("fencingtoken", Long.toString(fencingToken)))
                    .setRequestConditions(onlyIfUnchanged), null, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412 || e.getStatusCode() == 409) {
                return false;                                                       // someone wrote in between
            }
            throw e;
        }
    }
    // @end region="fenced-write"
}
