package dev.bellwether.team;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;

/**
 * A provider's OpenID Connect discovery document, fetched by the app itself before Keycloak is given it. Keycloak
 * would follow a redirect wherever it leads (its HTTP client has no redirect policy): an issuer on a public host
 * that answers {@code 302 Location: http://169.254.169.254/…} would have had Keycloak fetch the cloud's metadata
 * service from inside our network. Here a redirect is an answer like any other than 200: no document. Keycloak is
 * then handed the document's bytes (its {@code import-config} with a file), so it fetches nothing at all.
 */
final class DiscoveryDocument {

    /** The longest document read: real ones are a few kilobytes. */
    static final int MAX_BYTES = 256 * 1024;

    /** Fetches an issuer's discovery document; a {@link TeamRefusal} (422, on the issuer) when there is none. */
    @FunctionalInterface
    interface Source {
        byte[] fetch(String issuer);
    }

    private static final ObjectMapper READER = new ObjectMapper();

    /** Closes a body still being read at its deadline: one daemon thread, idle but for that. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "discovery-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private DiscoveryDocument() {
    }

    /** Where an issuer's document is: {@code <issuer>/.well-known/openid-configuration}. */
    static String address(String issuer) {
        return Text.withoutTrailing(issuer, '/') + "/.well-known/openid-configuration";
    }

    /** The document at {@code issuer}, over the network, with no redirect followed and at most 10 s waited. */
    static byte[] fetch(String issuer) {
        return fetch(issuer, Duration.ofSeconds(10));
    }

    /**
     * The document, the whole of it within {@code limit}: the request's own timeout stops at the answer's headers,
     * and a server trickling its body a byte at a time would hold the admin's request (and the team's lock) for days;
     * the body is closed at the deadline.
     */
    static byte[] fetch(String issuer, Duration limit) {
        URI uri = URI.create(address(issuer));
        long deadline = System.nanoTime() + limit.toNanos();
        AtomicBoolean late = new AtomicBoolean();
        try {
            HttpResponse<InputStream> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(limit)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = answer.body();
            ScheduledFuture<?> closer = DEADLINES.schedule(() -> {
                late.set(true);
                try {
                    body.close();
                } catch (IOException e) {
                    // closed already
                }
            }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (body) {
                int status = answer.statusCode();
                if (status / 100 == 3) {
                    throw refused("No OpenID Connect discovery document at this issuer (" + status
                            + ": it redirects elsewhere; enter the issuer its document names)");
                }
                if (status != 200) {
                    throw refused("No OpenID Connect discovery document at this issuer (" + status + ")");
                }
                byte[] document = body.readNBytes(MAX_BYTES + 1);
                if (document.length > MAX_BYTES) {
                    throw refused("The issuer's discovery document is larger than " + MAX_BYTES / 1024
                            + " KB: that is not an OpenID Connect provider's");
                }
                if (!looksLikeOne(document)) {
                    throw refused("The issuer's answer is not an OpenID Connect discovery document (JSON naming"
                            + " its authorization_endpoint and token_endpoint)");
                }
                return document;
            } finally {
                closer.cancel(false);
            }
        } catch (HttpTimeoutException e) {
            throw refused(tooSlow(uri, limit));
        } catch (IOException e) {
            if (late.get()) {
                throw refused(tooSlow(uri, limit));
            }
            throw refused("Your provider at " + uri.getHost() + " could not be reached (" + e.getClass().getSimpleName()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("Your provider at " + uri.getHost() + " did not answer");
        }
    }

    /** Whether {@code document} is a JSON object naming the two endpoints every sign-in needs. */
    static boolean looksLikeOne(byte[] document) {
        try {
            JsonNode tree = READER.readTree(document);
            return tree != null && tree.isObject() && tree.path("authorization_endpoint").isTextual()
                    && tree.path("token_endpoint").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Refuses, on the issuer, a document whose {@code issuer} is not {@code issuer} exactly (OpenID Connect
     * Discovery 4.3: they must be identical). Keycloak keeps the document's: the page, the API and the audit would
     * otherwise say one issuer and sign people in with another, or with tokens no client accepts.
     */
    static void requireIssuer(byte[] document, String issuer) {
        String named;
        try {
            named = READER.readTree(document).path("issuer").asText("");
        } catch (IOException e) {
            named = "";
        }
        if (named.isEmpty()) {
            throw refused("The provider's discovery document names no issuer: it is not an OpenID Connect provider's");
        }
        if (!named.equals(issuer)) {
            throw refused("The provider's discovery document names its issuer "
                    + Text.echoed(named, 300) + ": enter exactly that");
        }
    }

    private static String tooSlow(URI uri, Duration limit) {
        return "Your provider at " + uri.getHost() + " did not answer within " + limit.toSeconds() + " s";
    }

    private static TeamRefusal refused(String message) {
        return TeamRefusal.invalid(List.of(new FieldError("issuer", message)));
    }
}
