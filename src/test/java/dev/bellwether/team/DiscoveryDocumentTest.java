package dev.bellwether.team;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The app reads a provider's discovery document itself, against a real local HTTP server: a redirect is
 * not followed (Keycloak's own fetch would have followed it to any address), and what is not a document is
 * refused on the issuer before Keycloak is asked anything.
 */
class DiscoveryDocumentTest {

    private static final String DOCUMENT = "{\"issuer\":\"x\",\"authorization_endpoint\":\"https://x/a\","
            + "\"token_endpoint\":\"https://x/t\"}";

    private HttpServer server;
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            if (path.startsWith("/moved/")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/good/.well-known/"
                        + "openid-configuration");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/good/")) {
                answer(exchange, 200, DOCUMENT);
            } else if (path.startsWith("/trickle/")) {
                // the headers at once, then a byte every half second: the request's own timeout never fires
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 40; i++) {
                        out.write('{');
                        out.flush();
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException e) {
                    // the reader gave up
                }
            } else if (path.startsWith("/html/")) {
                answer(exchange, 200, "<html>Sign in</html>");
            } else {
                answer(exchange, 404, "not here");
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theDocumentAtTheIssuerIsRead() {
        assertArrayEquals(DOCUMENT.getBytes(StandardCharsets.UTF_8), DiscoveryDocument.fetch(base() + "/good/"));
        assertEquals(List.of("/good/.well-known/openid-configuration"), asked);
    }

    @Test
    void aRedirectIsNotFollowed() {
        TeamRefusal refused = assertThrows(TeamRefusal.class, () -> DiscoveryDocument.fetch(base() + "/moved"));
        assertEquals(422, refused.status());
        assertEquals("issuer", refused.errors().get(0).field());
        assertEquals("No OpenID Connect discovery document at this issuer (302: it redirects elsewhere; enter the"
                + " issuer its document names)", refused.errors().get(0).message());
        assertEquals(List.of("/moved/.well-known/openid-configuration"), asked); // the target was never asked
    }

    @Test
    void anAnswerThatIsNotADocumentIsRefusedOnTheIssuer() {
        assertEquals("The issuer's answer is not an OpenID Connect discovery document (JSON naming its"
                + " authorization_endpoint and token_endpoint)", assertThrows(TeamRefusal.class,
                        () -> DiscoveryDocument.fetch(base() + "/html")).errors().get(0).message());
        assertEquals("No OpenID Connect discovery document at this issuer (404)", assertThrows(TeamRefusal.class,
                () -> DiscoveryDocument.fetch(base() + "/nothing")).errors().get(0).message());
    }

    /** A body trickled a byte at a time is given up at the deadline, not read for as long as it lasts. */
    @Test
    void aTrickledAnswerIsGivenUpAtTheDeadline() {
        long started = System.nanoTime();
        TeamRefusal refused = assertThrows(TeamRefusal.class,
                () -> DiscoveryDocument.fetch(base() + "/trickle", java.time.Duration.ofSeconds(2)));
        long seconds = java.time.Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertEquals("Your provider at 127.0.0.1 did not answer within 2 s", refused.errors().get(0).message());
        org.junit.jupiter.api.Assertions.assertTrue(seconds < 10, "gave up after " + seconds + " s, not 20");
    }

    /** OpenID Connect Discovery 4.3: the document names the issuer typed, exactly; else Keycloak keeps another. */
    @Test
    void theDocumentMustNameTheIssuerTypedExactly() {
        byte[] document = "{\"issuer\":\"https://login.example.com/realms/acme\",\"token_endpoint\":\"t\"}"
                .getBytes(StandardCharsets.UTF_8);
        DiscoveryDocument.requireIssuer(document, "https://login.example.com/realms/acme");
        TeamRefusal slash = assertThrows(TeamRefusal.class,
                () -> DiscoveryDocument.requireIssuer(document, "https://login.example.com/realms/acme/"));
        assertEquals(422, slash.status());
        assertEquals("issuer", slash.errors().get(0).field());
        assertEquals("The provider's discovery document names its issuer https://login.example.com/realms/acme: enter"
                + " exactly that", slash.errors().get(0).message());
        assertEquals("The provider's discovery document names no issuer: it is not an OpenID Connect provider's",
                assertThrows(TeamRefusal.class, () -> DiscoveryDocument.requireIssuer(
                        DOCUMENT.replace("\"issuer\":\"x\",", "").getBytes(StandardCharsets.UTF_8), "x"))
                        .errors().get(0).message());
        String elsewhere = "{\"issuer\":\"https://b.example/" + "b".repeat(400) + "\"}";
        assertEquals("The provider's discovery document names its issuer https://b.example/" + "b".repeat(300 - 18)
                + "…: enter exactly that", assertThrows(TeamRefusal.class, () -> DiscoveryDocument.requireIssuer(
                        elsewhere.getBytes(StandardCharsets.UTF_8), "https://a.example")).errors().get(0).message());
    }

    @Test
    void aHostNobodyListensOnIsNamed() throws IOException {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertEquals("Your provider at 127.0.0.1 could not be reached (ConnectException)", assertThrows(
                TeamRefusal.class, () -> DiscoveryDocument.fetch("http://127.0.0.1:" + closed)).errors().get(0)
                .message());
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private String base() {
        return "http://127.0.0.1:" + port();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
