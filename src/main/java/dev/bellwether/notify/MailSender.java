package dev.bellwether.notify;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;

/**
 * Sends one email through the configured SMTP server ({@code quarkus.mailer.*}), waiting for its answer
 * at most {@code bellwether.notifications.mail-timeout} ({@code BW_SMTP_TIMEOUT}).
 */
@ApplicationScoped
public class MailSender {

    @Inject
    ReactiveMailer mailer;

    @Inject
    NotificationConfig config;

    public void send(String to, String subject, String text, String html) {
        send(to, subject, text, html, config.mailTimeout());
    }

    /** Sends it, waiting for the SMTP server's answer at most {@code timeout}. */
    public void send(String to, String subject, String text, String html, Duration timeout) {
        Mail mail = Mail.withText(to, subject, text);
        if (html != null) {
            mail.setHtml(html);
        }
        try {
            mailer.send(mail).await().atMost(timeout);
        } catch (TimeoutException e) {
            // without the cause: the outbox records the root cause's message, and Mutiny's has none
            throw new IllegalStateException("The SMTP server did not answer within " + Timeouts.text(timeout));
        }
    }
}
