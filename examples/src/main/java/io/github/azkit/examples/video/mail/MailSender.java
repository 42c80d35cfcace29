package io.github.azkit.examples.video.mail;

/** Sends email. Pluggable: the default writes to a blob outbox that the web pages and tests read. */
public interface MailSender {

    /**
     * Sends one message. Sending the same message twice must be harmless: callers replay steps.
     *
     * @param message the message
     */
    void send(MailMessage message);
}
