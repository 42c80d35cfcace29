package io.github.azkit.examples.video.mail;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.github.azkit.examples.video.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@link MailSender} that writes each message as a JSON blob named {@code <recipient>/<time>-<id>.json} in a
 * container, so every instance of the service, the web pages and the tests can read a recipient's mail in order
 * with one prefix listing. Each message is stored once even when the upload's response is lost (the name is new,
 * so the 409 of the SDK's re-send is the message's own). Thread-safe.
 */
public final class BlobOutbox implements MailSender {

    private final BlobContainerClient container;

    /**
     * Creates the outbox, and its container if missing.
     *
     * @param container where messages go
     */
    public BlobOutbox(BlobContainerClient container) {
        this.container = container;
        container.createIfNotExists();
    }

    @Override
    public void send(MailMessage message) {
        String name = prefix(message.to()) + String.format("%019d", message.sent().toEpochMilli()) + "-"
                + UUID.randomUUID() + ".json";
        try {
            container.getBlobClient(name).upload(BinaryData.fromString(Json.write(message)));
        } catch (com.azure.storage.blob.models.BlobStorageException e) {
            // The name is new, so a 409 can only answer the SDK's re-send of this upload after its response was
            // lost: the message is stored, once.
            if (e.getStatusCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * The messages sent to one recipient, oldest first.
     *
     * @param recipient the email address
     * @return the messages
     */
    public List<MailMessage> messagesTo(String recipient) {
        List<MailMessage> messages = new ArrayList<>();
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix(recipient)), null)) {
            messages.add(Json.read(container.getBlobClient(item.getName()).downloadContent().toBytes(),
                    MailMessage.class));
        }
        return messages;
    }

    private static String prefix(String recipient) {
        return URLEncoder.encode(recipient.toLowerCase(java.util.Locale.ROOT), StandardCharsets.UTF_8) + "/";
    }
}
