package dev.bellwether.notify;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;

/** Sends one email through the configured SMTP server ({@code quarkus.mailer.*}), waiting for its answer. */
@ApplicationScoped
public class MailSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    ReactiveMailer mailer;

    public void send(String to, String subject, String text, String html) {
        Mail mail = Mail.withText(to, subject, text);
        if (html != null) {
            mail.setHtml(html);
        }
        mailer.send(mail).await().atMost(TIMEOUT);
    }
}
