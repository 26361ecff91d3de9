package dev.bellwether.notify;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends one email through the configured SMTP server ({@code quarkus.mailer.*}), waiting for its answer
 * at most {@code bellwether.notifications.mail-timeout} ({@code BW_SMTP_TIMEOUT}).
 *
 * <p>Every email is handed to the mail client on one and the same Vert.x event loop. The client's connection
 * pool can lose a request that reaches it from one thread while, on another event loop, the pool's last
 * connection closes (after each email here, {@code quarkus.mailer.keep-alive=false}): that email is never
 * sent and its sender waits for the timeout. With three senders at once, one email in 13 to 17 was lost so;
 * with the pool's work all on one event loop, none of 1,350 (docs/architecture.md §10).
 */
@ApplicationScoped
public class MailSender {

    @Inject
    ReactiveMailer mailer;

    @Inject
    NotificationConfig config;

    @Inject
    Vertx vertx;

    /** The event loop every email is handed over on. */
    private Context mailLoop;

    @PostConstruct
    void takeAnEventLoop() {
        // on a thread of its own, which has no Vert.x context, the call makes a new event-loop context
        FutureTask<Context> created = new FutureTask<>(vertx::getOrCreateContext);
        Thread thread = new Thread(created, "mail-event-loop-context");
        thread.start();
        try {
            mailLoop = created.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not make the mail client's event-loop context", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making the mail client's event-loop context", e);
        }
    }

    /**
     * Sends an outbox message, under a Message-ID of its own ({@code <outbox.id@host>}) that each attempt repeats:
     * a server that took an attempt after the wait for its answer ended, and gets the next one too, delivers two
     * copies of one message, which mail programs show once. {@code unsubscribe}, when not null, is its one-click
     * unsubscribe link (RFC 8058: {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}), which mail programs
     * offer as an "Unsubscribe" button.
     */
    public void send(String to, String subject, String text, String html, UUID outboxId, String unsubscribe) {
        Mail mail = mail(to, subject, text, html);
        mail.addHeader("Message-ID", "<outbox." + outboxId + "@" + host() + ">");
        if (unsubscribe != null) {
            mail.addHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        send(mail, config.mailTimeout());
    }

    /** Sends it, waiting for the SMTP server's answer at most {@code timeout}; never call it on an event loop. */
    public void send(String to, String subject, String text, String html, Duration timeout) {
        send(mail(to, subject, text, html), timeout);
    }

    private static Mail mail(String to, String subject, String text, String html) {
        Mail mail = Mail.withText(to, subject, text);
        if (html != null) {
            mail.setHtml(html);
        }
        return mail;
    }

    private void send(Mail mail, Duration timeout) {
        try {
            mailer.send(mail).runSubscriptionOn(task -> mailLoop.runOnContext(ignored -> task.run()))
                    .await().atMost(timeout);
        } catch (TimeoutException e) {
            // without the cause: the outbox records the root cause's message, and Mutiny's has none
            throw new IllegalStateException("The SMTP server did not answer within " + Timeouts.text(timeout));
        }
    }

    /** The right side of a Message-ID: the host the product is reached at. */
    private String host() {
        String host = URI.create(config.publicUrl()).getHost();
        return host == null || host.isBlank() ? "bellwether.invalid" : host;
    }
}
