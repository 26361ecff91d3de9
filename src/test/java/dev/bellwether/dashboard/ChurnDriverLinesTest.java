package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bellwether.metrics.calc.ChurnDrivers.Driver;

/** The churn drivers as the pages list them: strongest first by the AUC itself, shown with one decimal. */
class ChurnDriverLinesTest {

    @Test
    void driversAreOrderedByTheirAucNotByItsRoundedPercent() {
        ChurnDriverLines.Panel panel = ChurnDriverLines.of(List.of(
                new Driver("nps", 0.906, 90.0, 20, 400),
                new Driver("usageTrend", 0.914, 90.0, 20, 400),
                new Driver("seatUtilization", 0.4449, 90.0, 20, 400),
                new Driver("csatAccount", null, 0.0, 0, 0)), List.of(), null);
        assertEquals(List.of("usageTrend", "nps", "seatUtilization", "csatAccount"),
                panel.lines().stream().map(ChurnDriverLines.Line::name).toList());
        assertEquals(List.of("91.4", "90.6", "44.5"),
                panel.lines().subList(0, 3).stream().map(ChurnDriverLines.Line::percent).toList());
        // under a coin flip is no predictor of churn, and the summary does not list it as one
        assertEquals("Usage trend separates churners from stayers 91.4 % of the time; Account NPS 90.6 %;"
                + " a coin flip is 50 %.", panel.summary());
        assertEquals(List.of(false, false, true, false),
                panel.lines().stream().map(ChurnDriverLines.Line::wrongWay).toList());
        assertEquals("Seat utilization separates churners from stayers 44.5 % of the time (it points the wrong way:"
                + " higher points came before churn).", panel.lines().get(2).sentence());
    }

    /** 41/80 is 51.25 %, which rounds half up to 51.3: multiplied as a double first it read 51.24999…, so 51.2. */
    @Test
    void anAucOnAHalfRoundsOnceHalfUp() {
        assertEquals("51.3", ChurnDriverLines.percent(new dev.bellwether.metrics.calc.Auc(41, 80).value()));
        assertEquals("51.2", ChurnDriverLines.percent(0.5124));
        assertEquals(null, ChurnDriverLines.percent(null));
    }

    @Test
    void aWindowWithFewChurnersNamesItsStrongestMeasureAsThinHistoryNotAsNone() {
        // 5 churned account-months: every measure has low coverage, yet the AUCs are figures
        ChurnDriverLines.Panel thin = ChurnDriverLines.of(List.of(new Driver("nps", 0.62, 90.0, 5, 200),
                new Driver("usageTrend", 0.88, 90.0, 5, 200)), List.of(), null);
        assertEquals("Too little history yet to rely on: Usage trend separates churners from stayers 88.0 % of the"
                + " time, but every measure has low coverage.", thin.summary());
        ChurnDriverLines.Panel none = ChurnDriverLines.of(List.of(new Driver("nps", null, 90.0, 0, 200)), List.of(),
                null);
        assertEquals("Not enough history yet to tell which measures predict churn: it takes accounts that churned"
                + " and accounts that stayed in the 12 months ending three months before the latest month.",
                none.summary());
    }

    @Test
    void measuresAllAtOrUnderACoinFlipAreNotCalledPredictors() {
        ChurnDriverLines.Panel flat = ChurnDriverLines.of(List.of(new Driver("nps", 0.5, 90.0, 20, 400),
                new Driver("usageTrend", 0.31, 90.0, 20, 400)), List.of(), null);
        assertEquals("No measure with enough data separates churners from stayers better than a coin flip (50 %)"
                + " yet.", flat.summary());
        assertEquals(List.of(false, true), flat.lines().stream().map(ChurnDriverLines.Line::wrongWay).toList());
        // a predictor on little data is no reason to call the well-covered ones predictors
        ChurnDriverLines.Panel thinBest = ChurnDriverLines.of(List.of(new Driver("nps", 0.78, 90.0, 5, 200),
                new Driver("usageTrend", 0.45, 90.0, 20, 400)), List.of(), null);
        assertEquals("No measure with enough data separates churners from stayers better than a coin flip (50 %)"
                + " yet.", thinBest.summary());
        // every measure on little data, the best under a coin flip: none is named
        ChurnDriverLines.Panel thinWrong = ChurnDriverLines.of(List.of(new Driver("seatUtilization", 0.445, 90.0, 5,
                200)), List.of(), null);
        assertEquals("Too little history yet to rely on, and no measure separates churners from stayers better than a"
                + " coin flip (50 %) so far.", thinWrong.summary());
        // 0.4996 shows as 50.0 %: a coin flip, not marked as pointing the wrong way
        ChurnDriverLines.Panel edge = ChurnDriverLines.of(List.of(new Driver("nps", 0.4996, 90.0, 20, 400)), List.of(),
                null);
        assertEquals("50.0", edge.lines().get(0).percent());
        assertEquals(false, edge.lines().get(0).wrongWay());
    }
}
