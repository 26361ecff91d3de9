package dev.bellwether.security;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.feeds.EventLimits;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Requests;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The body size every route but the imports takes. The server's own limit
 * ({@code quarkus.http.limits.max-body-size}) is sized for a month of uploads; a form or a JSON body
 * is read into memory whole, so without this one signed-in user could post a gigabyte of JSON to
 * any endpoint. A body declared larger is refused (413) before a byte of it is read; one sent
 * without a length (chunked, or over HTTP/2 one with a Content-Type and no Content-Length) is refused
 * (411) outside the imports and the events feed, which count what they read themselves, and one that
 * declares both a length and a transfer encoding is refused (400) outside the imports. The events feed,
 * open to anyone until its key is checked, takes no form (415): the app reads a form or multipart body
 * whole, before any endpoint runs, so such a body there would be read (to disk, up to the server's
 * limit) for a caller without a key. The emails' unsubscribe links, open to anyone too, take a body of at most
 * {@value #UNSUBSCRIBE_BODY} bytes (a mail program's one-click POST sends 26), so no caller can have one read whole.
 */
@ApplicationScoped
public class RequestSizeLimit {

    /** Where a body may be as large as the server allows: the uploads. */
    private static final List<String> UPLOADS = List.of("/admin/imports", "/api/v1/imports");

    /** Reads its body as a stream and stops at its own limit (500 KB). */
    private static final String EVENTS = "/api/v1/events";

    /** The most a POST to an email's unsubscribe link may carry. */
    static final int UNSUBSCRIBE_BODY = 4096;

    @ConfigProperty(name = "bellwether.http.max-form-body-size", defaultValue = "10M")
    MemorySize limit;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    /** Whether {@code path} (normalised) is an upload's, whose body may be as large as the server allows. */
    static boolean isUpload(String path) {
        return UPLOADS.stream().anyMatch(path::startsWith);
    }

    private void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (isUpload(path)) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        if (path.startsWith(EVENTS) && isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(context, 415, "unsupported_media_type", "Send the events as JSON (Content-Type:"
                    + " application/json)");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // HTTP/1.1's parser drops the length when both come; HTTP/1.0's keeps it, and the body is then read
            // chunked, as long as it goes: a message with both is malformed (RFC 9112, 6.1)
            refuse(context, 400, "bad_request", "Send a Content-Length or a Transfer-Encoding, not both");
            return;
        }
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (path.startsWith(EVENTS) && declared > EventLimits.MAX_COMPRESSED) {
                // never accepted, compressed or not: said in the events API's words, not the app's larger limit's
                refuse(context, 413, "payload_too_large", EventLimits.TOO_LARGE);
                return;
            }
            if (Requests.isUnsubscribe(path) && declared > UNSUBSCRIBE_BODY) {
                refuse(context, 413, "payload_too_large", "An unsubscribe request's body holds at most "
                        + UNSUBSCRIBE_BODY + " bytes");
                return;
            }
            if (declared > limit.asLongValue()) {
                refuse(context, 413, "payload_too_large", "A request body here holds at most "
                        + Formats.limit(limit.asLongValue()));
                return;
            }
        } else if (!path.startsWith(EVENTS) && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                // an HTTP/2 body needs no Transfer-Encoding to come without a length: one that says what it
                // holds (an endpoint reads no body without a type) and not how long it is
                || request.version() == HttpVersion.HTTP_2 && request.headers().contains(HttpHeaders.CONTENT_TYPE))) {
            refuse(context, 411, "length_required", "Send the body with a Content-Length");
            return;
        }
        context.next();
    }

    private static boolean isForm(String type) {
        String media = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        return media.startsWith("multipart/") || media.startsWith("application/x-www-form-urlencoded");
    }

    /** Answers {@link #answer}, then closes the connection rather than read the body it did not wait for. */
    static void refuse(RoutingContext context, int status, String error, String message) {
        HttpServerRequest request = context.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        BoundedMetricTags.refusedBeforeRouting();
        if (http1) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        answer(context, status, error, message)
                // the unread body is not waited for: over HTTP/1 the connection goes (HTTP/2 resets the stream)
                .onComplete(done -> {
                    if (http1) {
                        request.connection().close();
                    }
                });
    }

    /**
     * Answers from the router, before or outside the REST layer: {@code {status, error, message}} under
     * {@code /api}, else the message as a line of plain text ({@code message} without its final period).
     */
    static Future<Void> answer(RoutingContext context, int status, String error, String message) {
        boolean api = context.normalizedPath().startsWith("/api/");
        return context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, api ? "application/json" : "text/plain; charset=utf-8")
                .end(api ? "{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}"
                        : message + ".\n");
    }
}
