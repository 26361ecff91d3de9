package dev.bellwether.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The events of a request's body, in the shapes Segment-format senders use: one event, Segment's
 * {@code {batch:[…], context}} (the batch's context merged into each event's, the event's own fields
 * winning), or a bare array of events (what Segment's Webhooks destination posts when it batches).
 * A gzip body ({@code Content-Encoding: gzip}, as Segment's libraries send) is inflated first; the
 * 500 KB limit counts the inflated bytes, so a small compressed body cannot unpack into a large one.
 */
final class EventBody {

    /** The largest request body, inflated: 500 KB, as Segment's batch API. */
    static final int MAX_BODY = 500 * 1024;
    /**
     * Reads the body as it is: not the app's mapper, which refuses a whole body with U+0000 in a string
     * ({@code NulRejectingJson}), where a batch refuses only the event that holds it ({@link EventReader}).
     */
    private static final ObjectMapper TREES = new ObjectMapper();

    /** A body that is refused whole: the status, error and message of the answer. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;
        final int status;
        final String error;

        Refused(int status, String error, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private EventBody() {
    }

    /** The events of {@code body}, sent with {@code encoding} (the Content-Encoding header, or null). */
    static List<JsonNode> events(String encoding, InputStream body) throws Refused {
        JsonNode root;
        try {
            root = TREES.readTree(bytes(encoding, body));
        } catch (JsonProcessingException e) {
            throw new Refused(400, "bad_request", "The body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Refused(400, "bad_request", "The body could not be read: " + e.getMessage());
        }
        List<JsonNode> events = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(events::add);
            return events;
        }
        if (root == null || !root.isObject()) {
            throw new Refused(400, "bad_request",
                    "The body must be one event (a JSON object), {\"batch\": [events]} or an array of events");
        }
        JsonNode batch = root.get("batch");
        if (batch == null) {
            events.add(root);
            return events;
        }
        if (!batch.isArray()) {
            throw new Refused(400, "bad_request", "batch must be an array of events");
        }
        JsonNode context = root.get("context");
        for (JsonNode event : batch) {
            events.add(context != null && context.isObject() ? withContext(event, (ObjectNode) context) : event);
        }
        return events;
    }

    /** {@code event} with the batch's context under its own ({@code event.context} wins field by field). */
    private static JsonNode withContext(JsonNode event, ObjectNode batchContext) {
        if (!event.isObject()) {
            return event;
        }
        JsonNode own = event.get("context");
        if (own != null && !own.isObject() && !own.isNull()) {
            return event; // a malformed context is the event's own problem, named by the reader
        }
        ObjectNode merged = batchContext.deepCopy();
        if (own != null && own.isObject()) {
            merged.setAll((ObjectNode) own);
        }
        return ((ObjectNode) event).set("context", merged);
    }

    /** The body's bytes, inflated when gzip; at most {@link #MAX_BODY} of them, else 413. */
    private static byte[] bytes(String encoding, InputStream body) throws Refused, IOException {
        if (body == null) {
            return new byte[0];
        }
        String coding = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        InputStream in = switch (coding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> new GZIPInputStream(body);
            default -> throw new Refused(415, "unsupported_media_type",
                    "Content-Encoding '" + encoding.strip() + "' is not taken: send gzip or no encoding");
        };
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new Refused(413, "payload_too_large",
                    "A request holds at most 500 KB of events; send smaller batches");
        }
        return bytes;
    }
}
