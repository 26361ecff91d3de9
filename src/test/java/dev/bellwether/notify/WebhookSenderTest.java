package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.WebhookReceiver;

/** The webhook call against a real local HTTP server: its answer, its time limit. */
class WebhookSenderTest {

    /** Local addresses allowed, plain http allowed: the receiver runs on 127.0.0.1. */
    private final WebhookGuard local = WebhookGuard.of(true, false);

    @Test
    void aMessageIsPostedAsJsonAndA2xxAnswerIsSuccess() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start(204, exchange -> seen.add(exchange.getRequestMethod()
                + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))) {
            WebhookSender.of(local, Duration.ofSeconds(5)).send(receiver.url() + "/hook", "{\"text\":\"hi\"}");
        }
        assertEquals(List.of("POST application/json {\"text\":\"hi\"}"), seen);
    }

    @Test
    void anAnswerOtherThan2xxIsAFailureNamingTheStatus() throws IOException {
        try (WebhookReceiver receiver = WebhookReceiver.start(500, exchange -> { })) {
            IOException e = assertThrows(IOException.class,
                    () -> WebhookSender.of(local, Duration.ofSeconds(5)).send(receiver.url(), "{}"));
            assertEquals("The webhook answered HTTP 500", e.getMessage());
        }
    }

    @Test
    void noAnswerWithinTheTimeLimitIsAFailureNamingTheLimit() throws IOException, InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver receiver = WebhookReceiver.start(200, exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            long started = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                    () -> WebhookSender.of(local, Duration.ofMillis(700)).send(receiver.url(), "{}"));
            release.countDown();
            assertEquals("The webhook did not answer within 700 ms", e.getMessage());
            assertEquals(null, e.getCause(), "the outbox records the root cause's message: this one");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(true, waited >= 700 && waited < 20_000, "waited " + waited + " ms");
        }
    }
}
