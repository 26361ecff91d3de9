package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

    /**
     * A refusal no retry changes (the app behind the webhook removed, the channel archived) is final; a "too
     * many" that says when to come back is waited for; any other answer is retried as before.
     */
    @Test
    void aRefusalIsFinalAndARetryAfterIsWaitedFor() throws IOException {
        for (int status : new int[] {400, 403, 404, 410}) {
            try (WebhookReceiver receiver = WebhookReceiver.start(status, exchange -> { })) {
                IOException e = assertThrows(IOException.class,
                        () -> WebhookSender.of(local, Duration.ofSeconds(5)).send(receiver.url(), "{}"));
                assertEquals("The webhook refused it: HTTP " + status + " (not sent again)", e.getMessage());
                assertTrue(DeliveryFailure.isFinal(e), "final: " + status);
            }
        }
        try (WebhookReceiver receiver = WebhookReceiver.start(429,
                exchange -> exchange.getResponseHeaders().add("Retry-After", "120"))) {
            IOException e = assertThrows(IOException.class,
                    () -> WebhookSender.of(local, Duration.ofSeconds(5)).send(receiver.url(), "{}"));
            assertEquals(java.util.Optional.of(Duration.ofSeconds(120)), DeliveryFailure.waitAsked(e));
            assertTrue(!DeliveryFailure.isFinal(e));
        }
        // the other form of Retry-After, a date: the wait until then (none when it has passed or cannot be read)
        java.time.Instant now = java.time.Instant.parse("2026-10-21T06:43:00Z");
        java.util.Optional<String> nowhere = java.util.Optional.empty();
        assertEquals(java.util.Optional.of(Duration.ofMinutes(45)), DeliveryFailure.waitAsked(DeliveryFailure
                .ofWebhook(503, java.util.Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"), nowhere, now)));
        assertEquals(java.util.Optional.empty(), DeliveryFailure.waitAsked(DeliveryFailure
                .ofWebhook(503, java.util.Optional.of("Wed, 21 Oct 2026 06:00:00 GMT"), nowhere, now)));
        assertEquals(java.util.Optional.empty(), DeliveryFailure.waitAsked(DeliveryFailure
                .ofWebhook(429, java.util.Optional.of("soon"), nowhere, now)));
        // a redirect is not followed, and every retry would get the same: final at once, saying where it pointed
        try (WebhookReceiver receiver = WebhookReceiver.start(301,
                exchange -> exchange.getResponseHeaders().add("Location", "https://hooks.example/new"))) {
            IOException e = assertThrows(IOException.class,
                    () -> WebhookSender.of(local, Duration.ofSeconds(5)).send(receiver.url(), "{}"));
            assertEquals("The webhook redirected it (HTTP 301 to https://hooks.example/new): redirects are not"
                    + " followed, so save the address it leads to as the webhook's URL (not sent again)",
                    e.getMessage());
            assertTrue(DeliveryFailure.isFinal(e));
        }
        for (int status : new int[] {408, 429, 503}) {
            try (WebhookReceiver receiver = WebhookReceiver.start(status, exchange -> { })) {
                IOException e = assertThrows(IOException.class,
                        () -> WebhookSender.of(local, Duration.ofSeconds(5)).send(receiver.url(), "{}"));
                assertEquals("The webhook answered HTTP " + status, e.getMessage());
                assertTrue(!DeliveryFailure.isFinal(e) && DeliveryFailure.waitAsked(e).isEmpty(), "retried: " + status);
            }
        }
        // a mail server's refusal of the address (550 5.1.1, an unknown user) is final too; a transient one (451),
        // a relay refused (5.7.1: settings being fixed) or a 550 without its enhanced code is tried again
        assertTrue(DeliveryFailure.isFinal(new java.util.concurrent.CompletionException(smtp("550 5.1.1 unknown"))));
        for (String reply : List.of("451 4.3.0 try later", "550 5.7.1 Relaying denied")) {
            assertTrue(!DeliveryFailure.isFinal(new java.util.concurrent.CompletionException(smtp(reply))), reply);
        }
        assertTrue(!DeliveryFailure.isFinal(new io.vertx.ext.mail.SMTPException("recipient address not accepted", 550,
                List.of("550 no"), false)));
        // our own sender refused (5.1.8) is a setting to fix, not an address that will never take mail
        assertTrue(!DeliveryFailure.isFinal(new io.vertx.ext.mail.SMTPException("sender address not accepted", 550,
                List.of("550 5.1.8 bad outbound sender"), true)));
    }

    private static io.vertx.ext.mail.SMTPException smtp(String reply) {
        return new io.vertx.ext.mail.SMTPException("recipient address not accepted",
                Integer.parseInt(reply.substring(0, 3)), List.of(reply), true);
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

    @Test
    void anAnswerWhoseBodyNeverEndsIsAFailureWithinTheTimeLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // headers at once, then one byte of the hundred promised, then nothing
        try (RawServer server = RawServer.start("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nx", release)) {
            long started = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                    () -> WebhookSender.of(local, Duration.ofMillis(700)).send(server.url(), "{}"));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            release.countDown();
            assertEquals("The webhook did not answer within 700 ms", e.getMessage());
            assertEquals(true, waited >= 700 && waited < 5_000, "waited " + waited + " ms");
        }
    }

    @Test
    void aNulInTheAnswerIsRecordedAsASpace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = RawServer.start("HTTP/1.1 \0\0\0 OK\r\nContent-Length: 0\r\n\r\n", release)) {
            IOException e = assertThrows(IOException.class,
                    () -> WebhookSender.of(local, Duration.ofSeconds(5)).send(server.url(), "{}"));
            release.countDown();
            String recorded = OutboxWorker.reason(e);
            assertEquals(true, e.getMessage().indexOf('\0') >= 0 || String.valueOf(e.getCause()).indexOf('\0') >= 0,
                    "the client's own message holds the NUL: " + e);
            assertEquals(-1, recorded.indexOf('\0'), recorded);
            assertEquals(true, recorded.contains("   OK"), recorded);
        }
    }

    @Test
    void aRecordedReasonIsPrintableAndAtMost500Characters() {
        assertEquals("a b c", OutboxWorker.reason(new IOException("a\0b\nc")));
        String emoji = "😀".repeat(600);
        assertEquals("😀".repeat(500), OutboxWorker.reason(new IOException("wrapped", new IOException(emoji))));
    }

    /** A server that answers every connection with {@code answer}, as raw bytes, and holds it until released. */
    private static final class RawServer implements AutoCloseable {

        private final ServerSocket socket;

        private RawServer(ServerSocket socket) {
            this.socket = socket;
        }

        static RawServer start(String answer, CountDownLatch release) throws IOException {
            ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread serving = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        readHead(client.getInputStream());
                        client.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        client.getOutputStream().flush();
                        release.await(30, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            serving.setDaemon(true);
            serving.start();
            return new RawServer(socket);
        }

        /** Reads the request up to its blank line (the sender's small body may follow; it is not needed). */
        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
