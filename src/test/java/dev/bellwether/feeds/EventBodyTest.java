package dev.bellwether.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** How a batch's own fields reach its events, without copying the batch's context into each. */
class EventBodyTest {

    private static List<JsonNode> events(String body) throws EventBody.Refused {
        return EventBody.events(null, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachEventGetsTheBatchsGroupIdAndSentAtWhereItHasNoneAndNothingElseOfTheContext() throws Exception {
        StringBuilder context = new StringBuilder("{\"groupId\":\"ACC-1\"");
        for (int i = 0; i < 2000; i++) {
            context.append(",\"k").append(i).append("\":").append(i);
        }
        context.append('}');
        List<JsonNode> events = events("{\"sentAt\":\"2026-11-04T00:00:30Z\",\"context\":" + context + ",\"batch\":["
                + "{\"type\":\"track\"},"
                + "{\"type\":\"track\",\"context\":{\"ip\":\"10.0.0.1\"},\"sentAt\":\"2026-11-04T00:00:00Z\"},"
                + "{\"type\":\"track\",\"context\":{\"groupId\":\"ACC-2\"}},"
                + "{\"type\":\"track\",\"context\":null},"
                + "{\"type\":\"track\",\"context\":7}, 5,"
                + "{\"type\":\"track\",\"context\":{\"groupId\":null},\"sentAt\":null},"
                + "{\"type\":\"track\",\"context\":{\"groupId\":\" \"},\"sentAt\":\"\"},"
                + "{\"type\":\"track\",\"context\":{\"groupId\":5},\"sentAt\":0}]}");
        assertEquals("{\"type\":\"track\",\"sentAt\":\"2026-11-04T00:00:30Z\",\"context\":{\"groupId\":\"ACC-1\"}}",
                events.get(0).toString(), "the context's 2,000 other fields are not copied into the event");
        assertEquals("{\"type\":\"track\",\"context\":{\"ip\":\"10.0.0.1\",\"groupId\":\"ACC-1\"},"
                + "\"sentAt\":\"2026-11-04T00:00:00Z\"}", events.get(1).toString());
        assertEquals("ACC-2", events.get(2).path("context").path("groupId").asText());
        assertEquals("ACC-1", events.get(3).path("context").path("groupId").asText());
        assertEquals("7", events.get(4).path("context").toString(), "a malformed context is left to the reader");
        assertEquals("5", events.get(5).toString());
        assertEquals("{\"type\":\"track\",\"context\":{\"groupId\":\"ACC-1\"},\"sentAt\":\"2026-11-04T00:00:30Z\"}",
                events.get(6).toString(), "an explicit null is none: the batch's value is taken");
        assertEquals("{\"type\":\"track\",\"context\":{\"groupId\":\"ACC-1\"},\"sentAt\":\"2026-11-04T00:00:30Z\"}",
                events.get(7).toString(), "blank text is none too, as the reader has it");
        assertEquals("{\"type\":\"track\",\"context\":{\"groupId\":5},\"sentAt\":0}", events.get(8).toString(),
                "a value of another type is the event's own, to be refused by the reader");
    }

    @Test
    void aKeyNamedTwiceRefusesTheBodySayingWhere() {
        EventBody.Refused refused = assertThrows(EventBody.Refused.class,
                () -> events("{\"batch\":[{\"type\":\"track\"}],\n\"batch\":[]}"));
        assertEquals(400, refused.status);
        assertEquals("The body names a key twice in one object: Duplicate field 'batch' (line 2, column 8)",
                refused.getMessage());
        assertEquals(400, assertThrows(EventBody.Refused.class,
                () -> events("{\"type\":\"track\",\"userId\":\"u1\",\"userId\":\"u2\"}")).status);
    }

    @Test
    void aGzipBodyIsCappedAsSentNotOnlyInflated() throws Exception {
        // a gzip header, then empty stored deflate blocks: 750 KB that inflate to nothing
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        for (int i = 0; i < 150_000; i++) {
            body.write(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff});
        }
        EventBody.Refused refused = assertThrows(EventBody.Refused.class,
                () -> EventBody.events("gzip", new ByteArrayInputStream(body.toByteArray())));
        assertEquals(413, refused.status);

        // a gzip header whose file name (FNAME) runs on for 600 KB: read before a byte is inflated
        ByteArrayOutputStream named = new ByteArrayOutputStream();
        named.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x08, 0, 0, 0, 0, 0, (byte) 0xff});
        named.write("n".repeat(600_000).getBytes(StandardCharsets.US_ASCII));
        named.write(0);
        EventBody.Refused longName = assertThrows(EventBody.Refused.class,
                () -> EventBody.events("gzip", new ByteArrayInputStream(named.toByteArray())));
        assertEquals(413, longName.status);
        assertEquals("A request holds at most 500 KB of events; send smaller batches", longName.getMessage());

        ByteArrayOutputStream small = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(small)) {
            gzip.write("{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("track", EventBody.events("gzip", new ByteArrayInputStream(small.toByteArray())).get(0)
                .path("type").asText());

        // what follows the compressed data is ignored, as gzip readers do, but it counts as sent
        ByteArrayOutputStream trailing = new ByteArrayOutputStream();
        trailing.write(small.toByteArray());
        trailing.write(new byte[100_000]);
        assertEquals("track", EventBody.events("gzip", new ByteArrayInputStream(trailing.toByteArray())).get(0)
                .path("type").asText());
        trailing.write(new byte[500_000]);
        assertEquals(413, assertThrows(EventBody.Refused.class,
                () -> EventBody.events("gzip", new ByteArrayInputStream(trailing.toByteArray()))).status);
        // a second gzip member is read on, however its bytes arrive (here a byte at a time, none available ahead):
        // two events one after the other are refused, not the second dropped
        trailing.reset();
        trailing.write(small.toByteArray());
        trailing.write(small.toByteArray());
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(trailing.toByteArray())) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1)); // a byte at a time, as a slow network
            }

            @Override
            public int available() {
                return 0;
            }
        };
        assertEquals("The body holds more than one JSON value: send several events as {\"batch\": [events]} or as an"
                + " array of events", assertThrows(EventBody.Refused.class, () -> EventBody.events("gzip", slow))
                        .getMessage());
        // and one JSON body compressed in two members is one body
        ByteArrayOutputStream halves = new ByteArrayOutputStream();
        for (String half : List.of("{\"type\":", "\"track\"}")) {
            try (GZIPOutputStream gzip = new GZIPOutputStream(halves)) {
                gzip.write(half.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals("track", EventBody.events("gzip", new ByteArrayInputStream(halves.toByteArray())).get(0)
                .path("type").asText());
        trailing.reset();
        trailing.write(small.toByteArray());
        trailing.write("not gzip ".repeat(70_000).getBytes(StandardCharsets.US_ASCII));
        assertEquals(413, assertThrows(EventBody.Refused.class,
                () -> EventBody.events("gzip", new ByteArrayInputStream(trailing.toByteArray()))).status);
    }
}
