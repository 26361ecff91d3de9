package dev.bellwether.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * POSTs one webhook message (JSON). The URL passes the SSRF guard again right before the call;
 * redirects are not followed (a redirect could lead anywhere); any answer but 2xx, or no whole answer (status,
 * headers and body) within {@code bellwether.notifications.webhook-timeout} ({@code BW_WEBHOOK_TIMEOUT}), is a
 * failure.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    WebhookGuard guard;

    @Inject
    NotificationConfig config;

    private Duration timeout;

    @PostConstruct
    void configure() {
        timeout = config.webhookTimeout();
    }

    /** A sender outside the container (plain unit tests). */
    static WebhookSender of(WebhookGuard guard, Duration timeout) {
        WebhookSender sender = new WebhookSender();
        sender.guard = guard;
        sender.timeout = timeout;
        return sender;
    }

    public void send(String url, String json) throws IOException {
        Optional<String> problem = guard.problem(url);
        if (problem.isPresent()) {
            throw new IOException("Refused: " + problem.get());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.strip())).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "Bellwether")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        // the whole answer within the time limit: the request's own timeout stops at the answer's headers, and a
        // body that never ends would hold the outbox's one thread for good
        CompletableFuture<HttpResponse<Void>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> response;
        try {
            response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IOException("The webhook did not answer within " + Timeouts.text(timeout));
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw DeliveryFailure.ofWebhook(response.statusCode(), response.headers().firstValue("Retry-After"),
                    response.headers().firstValue("Location"), java.time.Instant.now());
        }
    }

    private IOException failure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            // without the cause: the outbox records the root cause's message, and the client's names no time
            return new IOException("Could not connect to the webhook within " + Timeouts.text(CONNECT_TIMEOUT));
        }
        if (cause instanceof HttpTimeoutException) {
            return new IOException("The webhook did not answer within " + Timeouts.text(timeout));
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }
}
