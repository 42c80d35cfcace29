package io.github.azkit.examples.video.mail;

import java.time.Instant;

/**
 * One email.
 *
 * @param to the recipient
 * @param subject the subject
 * @param body the plain-text body
 * @param link the one link the message carries (for example a seat-acceptance link), or "" if none
 * @param sent when it was sent
 */
public record MailMessage(String to, String subject, String body, String link, Instant sent) {
}
