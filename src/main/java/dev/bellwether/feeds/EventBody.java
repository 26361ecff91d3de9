package dev.bellwether.feeds;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.platform.JsonPlace;
import dev.bellwether.platform.Text;

/**
 * The events of a request's body, in the shapes Segment-format senders use: one event, Segment's
 * {@code {batch:[…], context, sentAt}} (the batch's {@code context.groupId} and {@code sentAt} given to
 * each event that has none of its own), or a bare array of events (what Segment's Webhooks destination
 * posts when it batches).
 * A gzip body ({@code Content-Encoding: gzip}, as Segment's libraries send) is inflated first; the
 * 500 KB limit counts the inflated bytes, so a small compressed body cannot unpack into a large one, and
 * the compressed body may take at most 564 KB as sent (one of empty deflate blocks inflates to nothing).
 * A key named twice in one object refuses the body (400), as on every other endpoint.
 */
final class EventBody {

    /** The largest request body, inflated: 500 KB, as Segment's batch API. */
    static final int MAX_BODY = EventLimits.MAX_BODY;
    /**
     * Reads the body as it is: not the app's mapper, which refuses a whole body with U+0000 in a string
     * ({@code NulRejectingJson}), where a batch refuses only the event that holds it ({@link EventReader}).
     */
    private static final ObjectMapper TREES = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // two events one after the other are not one
            // a number sent for an id is kept digit for digit (as a double, 12345678901234567891.0 and …892.0 meet)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // a key twice is a 400, as on every endpoint

    /** The most bytes a gzip body may take as sent: a body of empty deflate blocks inflates to nothing. */
    static final int MAX_COMPRESSED = EventLimits.MAX_COMPRESSED;

    /** A body that is refused whole: the status, error and message of the answer. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;
        final int status;
        final String error;
        /** The JSON field that has the wrong shape (a 422 naming it), or null for a body that is not JSON. */
        final String field;

        Refused(int status, String error, String message) {
            this(status, error, null, message);
        }

        private Refused(int status, String error, String field, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
            this.field = field;
        }

        /** JSON of the wrong shape: 422 {@code {errors:[{field, message}]}}, as any second-round endpoint. */
        static Refused shape(String field, String message) {
            return new Refused(422, "unprocessable", field, message);
        }
    }

    private EventBody() {
    }

    /** The events of {@code body}, sent with {@code encoding} (the Content-Encoding header, or null). */
    static List<JsonNode> events(String encoding, InputStream body) throws Refused {
        JsonNode root;
        try {
            root = TREES.readTree(bytes(encoding, body));
        } catch (MismatchedInputException e) {
            throw new Refused(400, "bad_request", e.getOriginalMessage().startsWith("Trailing token")
                    ? "The body holds more than one JSON value: send several events as {\"batch\": [events]}"
                            + " or as an array of events" : "The body is not JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new Refused(400, "bad_request", (e.getOriginalMessage().startsWith("Duplicate field")
                    ? "The body names a key twice in one object: " : "The body is not JSON: ") + e.getOriginalMessage()
                    + JsonPlace.of(e.getLocation()));
        } catch (NumberFormatException e) { // an exponent past what an exact decimal holds (1e99999999999)
            throw new Refused(400, "bad_request", "The body holds a number that cannot be read (its exponent is too"
                    + " large): send ids as strings");
        } catch (EOFException e) { // an empty or cut gzip stream: its exception says nothing
            throw new Refused(400, "bad_request", "The body could not be read: the gzip stream is empty or ends"
                    + " before its end; send the whole compressed body");
        } catch (IOException e) {
            throw new Refused(400, "bad_request", "The body could not be read: " + e.getMessage());
        }
        List<JsonNode> events = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(events::add);
            return events;
        }
        if (root == null || !root.isObject()) {
            throw Refused.shape("body",
                    "The body must be one event (a JSON object), {\"batch\": [events]} or an array of events");
        }
        JsonNode batch = root.get("batch");
        if (batch == null) {
            events.add(root);
            return events;
        }
        if (!batch.isArray()) {
            throw Refused.shape("batch", "batch must be an array of events");
        }
        JsonNode context = root.get("context");
        JsonNode groupId = context != null && context.isObject() ? context.get("groupId") : null;
        JsonNode sentAt = root.get("sentAt");
        for (JsonNode event : batch) {
            events.add(withBatchFields(event, groupId, sentAt));
        }
        return events;
    }

    /**
     * {@code event} with what it lacks of the batch's fields the reader uses: {@code context.groupId} and
     * {@code sentAt} (the event's own win). Only those are taken, never a copy of the whole context per
     * event: a large context in a batch of many small events would otherwise fill memory.
     */
    private static JsonNode withBatchFields(JsonNode event, JsonNode groupId, JsonNode sentAt) {
        if (!(event instanceof ObjectNode object)) {
            return event;
        }
        if (sentAt != null && none(object.get("sentAt"))) {
            object.set("sentAt", sentAt);
        }
        JsonNode own = object.get("context");
        if (groupId == null || own != null && !own.isObject() && !own.isNull()) {
            return object; // a malformed context is the event's own problem, named by the reader
        }
        if (own == null || own.isNull()) {
            object.putObject("context").set("groupId", groupId);
        } else if (none(own.get("groupId"))) {
            ((ObjectNode) own).set("groupId", groupId);
        }
        return object;
    }

    /**
     * Whether an event's own value is none, as the reader has it: absent, an explicit null, or text of nothing but
     * what a cell is trimmed of (an empty {@code sentAt} or {@code groupId} takes the batch's).
     */
    private static boolean none(JsonNode value) {
        return value == null || value.isNull() || value.isTextual() && Text.trimmed(value.asText()).isEmpty();
    }

    /** The body's bytes, inflated when gzip; at most {@link #MAX_BODY} of them, else 413. */
    private static byte[] bytes(String encoding, InputStream body) throws Refused, IOException {
        if (body == null) {
            return new byte[0];
        }
        String coding = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        boolean gzip = switch (coding) {
            case "", "identity" -> false;
            case "gzip", "x-gzip" -> true;
            default -> throw new Refused(415, "unsupported_media_type",
                    "Content-Encoding '" + encoding.strip() + "' is not taken: send gzip or no encoding");
        };
        byte[] bytes;
        Capped compressed = gzip ? new Capped(body) : null;
        try {
            // the gzip header is read here already, and its name and comment fields may be of any length
            InputStream in = gzip ? new GZIPInputStream(compressed) : body;
            bytes = in.readNBytes(MAX_BODY + 1);
            if (gzip && bytes.length <= MAX_BODY) {
                // what follows the compressed data (and is no gzip member, which the reader reads on) is ignored, but
                // counts as sent: the reader also stops quietly where the limit is passed
                compressed.transferTo(OutputStream.nullOutputStream());
            }
        } catch (Capped.Exceeded e) {
            bytes = null;
        }
        if (bytes == null || bytes.length > MAX_BODY || gzip && compressed.exceeded) {
            throw new Refused(413, "payload_too_large",
                    EventLimits.TOO_LARGE);
        }
        return bytes;
    }

    /** A compressed body, refused past {@link #MAX_COMPRESSED} bytes as sent. */
    private static final class Capped extends FilterInputStream {

        /** The compressed body went past its limit. */
        static final class Exceeded extends IOException {
            private static final long serialVersionUID = 1L;

            Exceeded() {
                super("the compressed body is larger than " + MAX_COMPRESSED + " bytes", null);
            }
        }

        private long count;
        /** Whether the limit was passed, even where the gzip reader took that for the end of the data. */
        boolean exceeded;

        Capped(InputStream in) {
            super(new PushbackInputStream(in, 1));
        }

        /**
         * 1 while the body goes on (waiting for its next byte), 0 at its end: the gzip reader reads a further member
         * only when bytes are available, which must not depend on how the body's packets happened to arrive.
         */
        @Override
        public int available() throws IOException {
            PushbackInputStream body = (PushbackInputStream) in;
            int next = body.read();
            if (next < 0) {
                return 0;
            }
            body.unread(next);
            return 1;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            counted(Math.max(n, 0));
            return n;
        }

        private void counted(int n) throws Exceeded {
            count += n;
            if (count > MAX_COMPRESSED) {
                exceeded = true;
                throw new Exceeded();
            }
        }
    }
}
