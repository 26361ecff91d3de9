package dev.bellwether.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * POSTs one webhook message (JSON). The URL passes the SSRF guard again right before the call;
 * redirects are not followed (a redirect could lead anywhere); any answer but 2xx is a failure.
 */
@ApplicationScoped
public class WebhookSender {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    WebhookGuard guard;

    public void send(String url, String json) throws IOException {
        Optional<String> problem = guard.problem(url);
        if (problem.isPresent()) {
            throw new IOException("Refused: " + problem.get());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.strip())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "Bellwether")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("The webhook answered HTTP " + response.statusCode());
        }
    }
}
