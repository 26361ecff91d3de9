package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.Mailbox;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Emails sent at once from several threads (the outbox worker, an admin's held invitation, another admin's)
 * all reach the SMTP server: none is lost in the mail client's pool between one email's connection closing
 * and the next one's request.
 */
@QuarkusTest
class MailSenderTest {

    static final int SENDERS = 3;
    static final int EACH = 100;

    @Inject
    MailSender sender;

    private final Mailbox mailbox = new Mailbox();

    @AfterEach
    void stopMail() {
        mailbox.stop();
    }

    /** Every attempt at an outbox message carries the same Message-ID: mail programs show a repeat once. */
    @Test
    void anOutboxMessageCarriesAMessageIdOfItsOwnOnEveryAttempt() throws Exception {
        mailbox.start();
        UUID id = UUID.randomUUID();
        String address = "repeat-" + id.toString().substring(0, 8) + "@mail.example";
        sender.send(address, "Once", "Sent twice", null, id, null);
        sender.send(address, "Once", "Sent twice", null, id, null);
        sender.send(address, "Another", "Another message", null, UUID.randomUUID(), null);
        List<jakarta.mail.internet.MimeMessage> received = mailbox.to(address);
        assertEquals(3, received.size());
        String expected = "<outbox." + id + "@localhost>";
        assertEquals(List.of(expected), List.of(received.get(0).getHeader("Message-ID")));
        assertEquals(List.of(expected), List.of(received.get(1).getHeader("Message-ID")));
        assertNotEquals(expected, received.get(2).getMessageID());
    }

    @Test
    void emailsSentAtOnceFromSeveralThreadsAllArrive() throws Exception {
        mailbox.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<List<String>>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                String address = "sender" + s + "-" + run + "@mail.example";
                senders.add(threads.submit(() -> {
                    List<String> failed = new ArrayList<>();
                    for (int i = 0; i < EACH; i++) {
                        try {
                            // an email to GreenMail on this machine takes milliseconds: 3 s means it was lost
                            sender.send(address, "Email " + i, "Number " + i, null, Duration.ofSeconds(3));
                        } catch (RuntimeException e) {
                            failed.add(i + ": " + e.getMessage());
                        }
                    }
                    return failed;
                }));
            }
            for (Future<List<String>> each : senders) {
                assertEquals(List.of(), each.get());
            }
        } finally {
            threads.shutdownNow();
        }
        for (int s = 0; s < SENDERS; s++) {
            assertEquals(EACH, mailbox.to("sender" + s + "-" + run + "@mail.example").size());
        }
    }
}
