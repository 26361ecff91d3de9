package dev.bellwether.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the reader makes of single events: values trimmed as a CSV cell is, reasons that stay valid text. */
class EventReaderTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static EventReader.Read read(String event) throws Exception {
        return new EventReader(Instant.parse("2026-11-04T10:00:00Z")).read(List.of(JSON.readTree(event)));
    }

    @Test
    void idsAreTrimmedOfControlCharactersAsACsvCellIsSoAnExportImportsWithTheSameIds() throws Exception {
        EventReader.Read group = read("{\"type\":\"group\",\"groupId\":\"\\u0001ACC-1\\u001b \","
                + "\"traits\":{\"name\":\"\\tAcme\\u0007\"},\"timestamp\":\"2026-11-03T10:00:00Z\"}");
        assertEquals(List.of(), group.rejected());
        assertEquals("ACC-1", group.events().get(0).accountId());
        assertEquals("Acme", group.events().get(0).traits().get("name"));
        EventReader.Read nbsp = read("{\"type\":\"group\",\"groupId\":\"\\u00a0ACC-1\",\"traits\":{\"name\":\"A\"},"
                + "\"timestamp\":\"2026-11-03T10:00:00Z\"}");
        // a no-break space is not trimmed, as in a CSV, and an id holding one is refused, as in a CSV
        assertEquals(List.of(), nbsp.events());
        assertTrue(nbsp.rejected().get(0).reason().contains("U+00A0 NO-BREAK SPACE as its character 1"),
                nbsp.rejected().get(0).reason());
    }

    @Test
    void aNumericUserIdIsWrittenAsAPersonWouldWriteIt() throws Exception {
        List<String> users = new java.util.ArrayList<>();
        for (String id : List.of("17", "17.0", "1e20", "12.50", "1.5e-7", "-0.0", "123456789012345678901234567890")) {
            EventReader.Read track = read("{\"type\":\"track\",\"userId\":" + id + ",\"event\":\"Login\","
                    + "\"context\":{\"groupId\":\"ACC-1\"},\"timestamp\":\"2026-11-03T10:00:00Z\"}");
            assertEquals(List.of(), track.rejected(), id);
            users.add(track.events().get(0).userId());
        }
        assertEquals(List.of("17", "17", "100000000000000000000", "12.5", "0.00000015", "0",
                "123456789012345678901234567890"), users);
    }

    /** An empty or blank time is absent, as an empty cell is: the next one Segment would take dates the event. */
    @Test
    void anEmptyTimestampIsAbsentAndTheNextTimeDatesTheEvent() throws Exception {
        String track = "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Login\",\"context\":{\"groupId\":\"ACC-1\"},";
        EventReader.Read read = new EventReader(Instant.parse("2026-11-04T10:00:00Z")).read(List.of(
                JSON.readTree(track + "\"timestamp\":\"\",\"originalTimestamp\":\"2026-11-02T10:00:00Z\"}"),
                JSON.readTree(track + "\"timestamp\":\" \",\"originalTimestamp\":\"\"}"),
                JSON.readTree(track + "\"timestamp\":null,\"originalTimestamp\":\"2026-11-03T09:00:00Z\","
                        + "\"sentAt\":\"\"}"),
                JSON.readTree(track + "\"timestamp\":\"yesterday\"}")));
        assertEquals(List.of(java.time.LocalDate.parse("2026-11-02"), java.time.LocalDate.parse("2026-11-04"),
                java.time.LocalDate.parse("2026-11-03")), read.events().stream().map(FeedEvent::day).toList());
        assertEquals(List.of(3), read.rejected().stream().map(Rejection::index).toList(), "a time it cannot read");
    }

    @Test
    void aReasonCutsALongValueBetweenCharactersNeverInsideOne() throws Exception {
        String rocket = "\uD83D\uDE80";
        EventReader.Read read = read("{\"type\":\"" + "a".repeat(59) + rocket + "xx\"}");
        String reason = read.rejected().get(0).reason();
        assertTrue(reason.startsWith("type '" + "a".repeat(59) + rocket + "…'"), reason);
        JsonNode written = JSON.readTree(JSON.writeValueAsString(read.rejected().get(0)));
        assertEquals(reason, written.path("reason").asText());
    }

    @Test
    void aSendersClockAFewMinutesFastDatesTheEventAsItArrivedNotInAMonthNotBegun() throws Exception {
        EventReader reader = new EventReader(Instant.parse("2026-11-30T23:59:55Z"));
        String track = "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Login\",\"context\":{\"groupId\":\"ACC-1\"},";
        EventReader.Read fast = reader.read(List.of(JSON.readTree(track + "\"timestamp\":\"2026-12-01T00:00:05Z\"}"),
                JSON.readTree(track + "\"originalTimestamp\":\"2026-12-01T00:09:00Z\"}"),
                JSON.readTree(track + "\"timestamp\":\"2026-12-01T00:10:00Z\"}")));
        assertEquals(List.of(java.time.LocalDate.parse("2026-11-30"), java.time.LocalDate.parse("2026-11-30")),
                fast.events().stream().map(FeedEvent::day).toList());
        // further ahead than a clock's error: a day of December, not yet accepted
        assertEquals(List.of(2), fast.rejected().stream().map(Rejection::index).toList());
    }
}
