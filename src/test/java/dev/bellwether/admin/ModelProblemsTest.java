package dev.bellwether.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The health model's problems in the editor's words, each with the fields it marks. */
class ModelProblemsTest {

    private static ModelProblems.Problem only(String problem, List<String> segments) {
        List<ModelProblems.Problem> worded = ModelProblems.of(List.of(problem), segments, "p");
        assertEquals(1, worded.size());
        assertEquals("p-0", worded.get(0).id());
        return worded.get(0);
    }

    @Test
    void aSegmentIsFoundByItsWholeNameThoughItHoldsDotsAndSpaces() {
        List<String> segments = List.of("Mid.Market", "Mid.Market A");
        ModelProblems.Problem weight = only("segmentWeights.Mid.Market A.usage is negative", segments);
        assertEquals("Mid.Market A's usage weight is negative", weight.text());
        assertEquals(List.of("s.Mid.Market A.usage"), weight.names());
        ModelProblems.Problem sum = only("segmentWeights.Mid.Market: the weights sum to 90; they must sum to 100",
                segments);
        assertEquals("Mid.Market's weights: the weights sum to 90; they must sum to 100", sum.text());
        assertEquals(List.of("s.Mid.Market.usage", "s.Mid.Market.engagement", "s.Mid.Market.outcomes",
                "s.Mid.Market.financial"), sum.names());
    }

    @Test
    void measuresBandsWeightsAndRulesReadAsTheirLabels() {
        ModelProblems.Problem equal = only("measures.nps: poor and good bounds are equal (20); they must differ",
                List.of());
        assertEquals("Account NPS: poor and good bounds are equal (20); they must differ", equal.text());
        assertEquals(List.of("m.nps.poor", "m.nps.good"), equal.names());
        assertEquals(List.of("b.atRisk"), only("bands.atRisk: a number is required", List.of()).names());
        assertEquals("At risk below: a number is required", only("bands.atRisk: a number is required", List.of())
                .text());
        ModelProblems.Problem range = only("bands.healthy must lie between 0 and 100", List.of());
        assertEquals("Healthy from must lie between 0 and 100", range.text());
        assertEquals(List.of("b.healthy"), range.names());
        assertEquals("Financial weight is missing", only("weights.financial is missing", List.of()).text());
        ModelProblems.Problem unmeasured = only("weights.usage: no measure belongs to usage, so its weight would"
                + " never count; move a measure to it or set its weight to 0", List.of("SMB"));
        assertEquals("Usage weight: no measure belongs to usage, so its weight would never count; move a measure to"
                + " it or set its weight to 0", unmeasured.text());
        assertEquals(List.of("w.usage"), unmeasured.names());
        assertEquals(List.of("s.SMB.outcomes"), only("segmentWeights.SMB.outcomes: no measure belongs to outcomes,"
                + " so its weight would never count", List.of("SMB")).names());
        ModelProblems.Problem rule = only("alerts.no-contact: the threshold must be a whole number of days",
                List.of());
        assertEquals("The no-contact threshold must be a whole number of days", rule.text());
        assertEquals(List.of("a.no-contact.threshold"), rule.names());
        assertEquals(List.of("m.nps.component"), only("measures.nps: unknown component 'x'", List.of()).names());
        assertEquals(List.of("m.nps.missing"), only("measures.nps: missing must be exclude, zero or carry", List.of())
                .names());
        // what names no field of the editor stays as it was said
        ModelProblems.Problem missing = only("measures: nps is missing", List.of());
        assertEquals("measures: nps is missing", missing.text());
        assertEquals(List.of(), missing.names());
    }

    /** A field named in a clash of two saves reads as its label too. */
    @Test
    void aMeasuresFieldIsNamedByTheMeasuresLabel() {
        assertEquals("Seat utilization's poor bound", ModelFieldNames.label("m.seatUtilization.poor"));
        assertEquals("Account NPS's component", ModelFieldNames.label("m.nps.component"));
        assertEquals("the usage weight", ModelFieldNames.label("w.usage"));
    }
}
