package dev.bellwether.team;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Keycloak's admin REST API for the app's realm, called as the service client
 * {@code bellwether-admin} with a client-credentials token that is reused until shortly before it
 * expires. Plain JDK HTTP and Jackson: about a dozen calls, no generated client (docs/architecture.md, 9).
 */
@ApplicationScoped
public class KeycloakAdmin {

    /** An answer from Keycloak: its status and JSON body (missing when it had none). */
    public record Answer(int status, JsonNode body, String location) {

        public boolean ok() {
            return status / 100 == 2;
        }

        /** The id at the end of the {@code Location} of a 201. */
        public String createdId() {
            return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** Keycloak could not be reached or refused the service client: the caller answers 503. */
    public static class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    KeycloakAdminConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private record Token(String value, Instant expires) {
    }

    private volatile Token token;

    /** The JSON mapper bodies are written with. */
    public ObjectMapper json() {
        return json;
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    /**
     * A {@code multipart/form-data} POST: {@code fields} as text parts, then {@code file} as a part named file
     * (Keycloak's {@code import-config} reads a provider's document so, and then fetches nothing itself).
     */
    public Answer postFile(String path, Map<String, String> fields, byte[] file) {
        String boundary = "bellwether-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"document.json\"\r\n")
                .append("Content-Type: application/json\r\n\r\n");
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofByteArray(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        return send("POST", path, "multipart/form-data; boundary=" + boundary, body);
    }

    public Answer put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Answer delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    /** How many items {@link #readAll} asks for at a time. */
    static final int PAGE = 500;

    /** Every item of a list Keycloak answers page by page; {@code path} has a query already. */
    public List<JsonNode> readAll(String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int first = 0;; first += PAGE) {
            JsonNode page = read(path + "&first=" + first + "&max=" + PAGE);
            page.forEach(items::add);
            if (page.size() < PAGE) {
                return items;
            }
        }
    }

    /** Like {@link #get} but insists on a 2xx answer. */
    public JsonNode read(String path) {
        return expect(get(path), "GET " + path).body();
    }

    /** The answer, or {@link Unavailable} naming the call when Keycloak did not accept it. */
    public static Answer expect(Answer answer, String call) {
        if (!answer.ok()) {
            throw new Unavailable("Keycloak refused " + call + ": " + answer.status() + " " + answer.body(), null);
        }
        return answer;
    }

    /** {@code value} made safe for a URL's query or path. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Answer send(String method, String path, Object body) {
        HttpRequest.BodyPublisher published;
        try {
            published = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A body for Keycloak that is not JSON: " + body, e);
        }
        return send(method, path, body == null ? null : "application/json", published);
    }

    /** One call, and once more with a new token when Keycloak refused the one it had (401). */
    private Answer send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        Answer answer = once(method, path, contentType, body, bearer(false));
        if (answer.status() == 401) {
            answer = once(method, path, contentType, body, bearer(true));
        }
        return answer;
    }

    private Answer once(String method, String path, String contentType, HttpRequest.BodyPublisher body,
            String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminBase() + path))
                    .timeout(config.timeout())
                    .header("Authorization", "Bearer " + bearer)
                    .header("Accept", "application/json");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(method, body);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new Unavailable("Keycloak did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while calling Keycloak", e);
        }
    }

    private JsonNode parse(String text) throws JsonProcessingException {
        return text == null || text.isBlank() ? MissingNode.getInstance() : json.readTree(text);
    }

    private String adminBase() {
        return config.url() + "/admin/realms/" + config.realm();
    }

    private synchronized String bearer(boolean renew) {
        Token current = token;
        if (!renew && current != null && Instant.now().isBefore(current.expires())) {
            return current.value();
        }
        String form = "grant_type=client_credentials&client_id=" + encode(config.clientId()) + "&client_secret="
                + encode(config.clientSecret());
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(config.url() + "/realms/" + config.realm() + "/protocol/openid-connect/token"))
                    .timeout(config.timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Unavailable("Keycloak refused the service client " + config.clientId() + ": "
                        + response.statusCode(), null);
            }
            JsonNode answer = json.readTree(response.body());
            long lifetime = answer.path("expires_in").asLong(60);
            token = new Token(answer.path("access_token").asText(),
                    Instant.now().plusSeconds(Math.max(5, lifetime - 30)));
            return token.value();
        } catch (IOException e) {
            throw new Unavailable("Keycloak did not answer the token request", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while calling Keycloak", e);
        }
    }
}
