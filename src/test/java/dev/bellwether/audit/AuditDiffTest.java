package dev.bellwether.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What the audit log says changed: each value by its path, a list of words as one value. */
class AuditDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aListOfWordsIsOneValueSoOneRemovedReadsAsThat() {
        assertEquals(List.of(new AuditDiff.Change("qbrSegments", "Enterprise, Mid-Market", "Mid-Market")),
                AuditDiff.between(JSON, Map.of("qbrSegments", List.of("Enterprise", "Mid-Market")),
                        Map.of("qbrSegments", List.of("Mid-Market"))));
        assertEquals(List.of(new AuditDiff.Change("events", "at-risk, detractor", "at-risk, health-drop, detractor")),
                AuditDiff.between(JSON, Map.of("events", List.of("at-risk", "detractor")),
                        Map.of("events", List.of("at-risk", "health-drop", "detractor"))));
        assertEquals(List.of(new AuditDiff.Change("qbrSegments", null, "SMB")),
                AuditDiff.between(JSON, Map.of("qbrSegments", List.of()), Map.of("qbrSegments", List.of("SMB"))));
        assertEquals(List.of(), AuditDiff.between(JSON, Map.of("events", List.of("a", "b")),
                Map.of("events", List.of("a", "b"))));
        assertEquals(List.of(new AuditDiff.Change("qbrSegments", "EMEA, North", "\"EMEA, North\"")),
                AuditDiff.between(JSON, Map.of("qbrSegments", List.of("EMEA", "North")),
                        Map.of("qbrSegments", List.of("EMEA, North"))), "one segment with a comma is not two");
        // nor one with quotes and a comma (A", "B) the two quoted ones ("A" and "B"): quotes inside are doubled
        assertEquals(List.of(new AuditDiff.Change("qbrSegments", "\"\"\"A\"\"\", \"\"\"B\"\"\"", "\"A\"\", \"\"B\"")),
                AuditDiff.between(JSON, Map.of("qbrSegments", List.of("\"A\"", "\"B\"")),
                        Map.of("qbrSegments", List.of("A\", \"B"))), "a quote is doubled");
    }

    @Test
    void measuresAndRulesAreKeyedByNameAndSmallUnnamedRecordsAreOneValue() {
        Map<String, Object> before = Map.of("weights", Map.of("usage", 40),
                "measures", List.of(Map.of("measure", "usageTrend", "poor", -30), Map.of("measure", "nps", "poor", 0)),
                "steps", List.of(Map.of("title", "Call")));
        Map<String, Object> after = Map.of("weights", Map.of("usage", 35.5),
                "measures", List.of(Map.of("measure", "nps", "poor", 0), Map.of("measure", "usageTrend", "poor", -20)),
                "steps", List.of(Map.of("title", "Call"), Map.of("title", "Visit")));
        assertEquals(List.of(new AuditDiff.Change("weights.usage", "40", "35.5"),
                new AuditDiff.Change("measures.usageTrend.poor", "-30", "-20"),
                new AuditDiff.Change("steps", "Call", "Call; Visit")),
                AuditDiff.between(JSON, before, after).stream()
                        .sorted(Comparator.comparingInt(change -> order(change.field()))).toList());
    }

    /** A step put first is one change of the list, not every step's title and days changed by position. */
    @Test
    void aStepPutFirstIsOneChangeOfTheSteps() {
        Map<String, Object> before = Map.of("steps", List.of(step("Call; then email", 3), step("Send the deck", 7)));
        Map<String, Object> after = Map.of("steps", List.of(step("Kick-off", 1), step("Call; then email", 3),
                step("Send the deck", 7)));
        assertEquals(List.of(new AuditDiff.Change("steps", "\"Call; then email\" · 3; Send the deck · 7",
                "Kick-off · 1; \"Call; then email\" · 3; Send the deck · 7")), AuditDiff.between(JSON, before, after));
        // a value holding a separator or a quote is quoted, its quotes doubled
        assertEquals(List.of(new AuditDiff.Change("steps", "Send the deck · 7",
                "\"Call · 3\" · 2; \"Say \"\"hi\"\"\" · 1")),
                AuditDiff.between(JSON, Map.of("steps", List.of(step("Send the deck", 7))),
                        Map.of("steps", List.of(step("Call · 3", 2), step("Say \"hi\"", 1)))));
        // a nested object is no small record: its list still goes by position
        assertEquals(List.of(new AuditDiff.Change("rows.0.inner.x", "1", "2")), AuditDiff.between(JSON,
                Map.of("rows", List.of(Map.of("inner", Map.of("x", 1)))),
                Map.of("rows", List.of(Map.of("inner", Map.of("x", 2))))));
    }

    private static Map<String, Object> step(String title, int dueInDays) {
        Map<String, Object> step = new java.util.LinkedHashMap<>();
        step.put("title", title);
        step.put("dueInDays", dueInDays);
        return step;
    }

    /** Map.of has no order: the changes in the order of the assertion. */
    private static int order(String field) {
        return field.startsWith("weights") ? 0 : field.startsWith("measures") ? 1 : 2;
    }
}
