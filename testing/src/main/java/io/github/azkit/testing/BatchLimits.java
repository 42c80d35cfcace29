package io.github.azkit.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The limits of an entity group transaction ({@code $batch}): its size, its number of actions, one partition key,
 * and each action's entity. Stateless; thread-safe.
 */
final class BatchLimits {

    static final String TOO_MANY_ACTIONS_MESSAGE =
            "The batch request operation exceeds the maximum 100 changes per change set.";
    static final String DIFFERENT_PARTITIONS_MESSAGE = "All commands in a batch must operate on same entity group.";
    static final String BODY_TOO_LARGE_MESSAGE =
            "The request body is too large and exceeds the maximum permissible limit.";

    private static final Pattern REQUEST_LINE =
            Pattern.compile("^(POST|PUT|PATCH|MERGE|DELETE|GET) (\\S+) HTTP/1\\.1$");

    /** One action of a batch: its verb, its decoded URL path, and its body (empty for a delete). */
    record Action(String method, String path, String body) {
    }

    private BatchLimits() {
    }

    /**
     * Checks a batch body.
     *
     * @return the refusal (with {@link Refusal#batchIndex()} set when Azure answers it inside the batch response,
     *     -1 for the 413 of an oversized body), or null when Azure would accept it
     */
    static @Nullable Refusal check(byte[] body) {
        if (body.length > AzureLimits.MAX_BATCH_BYTES) {
            return Refusal.of(413, AzureLimits.REQUEST_BODY_TOO_LARGE, BODY_TOO_LARGE_MESSAGE,
                    "batch body of " + body.length + " bytes; the limit is " + AzureLimits.MAX_BATCH_BYTES)
                    .withDetails(Map.of("MaxLimit", Integer.toString(AzureLimits.MAX_BATCH_BYTES)));
        }
        List<Action> actions = actions(new String(body, StandardCharsets.UTF_8));
        if (actions.size() > AzureLimits.MAX_BATCH_ACTIONS) {
            return Refusal.of(400, AzureLimits.INVALID_INPUT, TOO_MANY_ACTIONS_MESSAGE,
                    actions.size() + " actions in one transaction; the limit is " + AzureLimits.MAX_BATCH_ACTIONS)
                    .atBatchIndex(0);
        }
        String firstPartition = null;
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            Map<String, Object> entity = action.body().isBlank()
                    ? null : TableLimits.parse(action.body().getBytes(StandardCharsets.UTF_8));
            String partition = entity != null && entity.get("PartitionKey") instanceof String pk
                    ? pk : TableLimits.urlPartitionKey(action.path());
            if (partition != null) {
                if (firstPartition == null) {
                    firstPartition = partition;
                } else if (!Objects.equals(firstPartition, partition)) {
                    return Refusal.of(400, AzureLimits.COMMANDS_IN_BATCH_ACT_ON_DIFFERENT_PARTITIONS,
                            DIFFERENT_PARTITIONS_MESSAGE, "PartitionKey '" + partition + "' after '" + firstPartition
                                    + "'").atBatchIndex(i);
                }
            }
            Refusal refusal = TableLimits.checkUrlKeys(action.path());
            if (refusal == null && entity != null) {
                refusal = TableLimits.checkEntity(entity);
            }
            if (refusal != null) {
                return refusal.atBatchIndex(i);
            }
        }
        return null;
    }

    /** The actions of a batch body, in order: each HTTP request line of its change set, with the body after it. */
    static List<Action> actions(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Action> actions = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            Matcher request = REQUEST_LINE.matcher(lines[i]);
            i++;
            if (!request.matches()) {
                continue;
            }
            while (i < lines.length && !lines[i].isEmpty()) {
                i++; // the action's headers
            }
            i++;
            StringBuilder body = new StringBuilder();
            while (i < lines.length && !lines[i].startsWith("--")) {
                body.append(lines[i]).append('\n');
                i++;
            }
            actions.add(new Action(request.group(1), decodedPath(request.group(2)), body.toString().trim()));
        }
        return actions;
    }

    private static String decodedPath(String url) {
        try {
            String path = URI.create(url).getPath();
            return path == null ? url : path;
        } catch (IllegalArgumentException notAUri) {
            return url;
        }
    }
}
