package dev.bellwether.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bellwether.metrics.AccountDetail;

class WhyMovedTest {

    private static AccountDetail.MeasurePart part(String measure, String component, Double points) {
        return new AccountDetail.MeasurePart(measure, measure, "", component, points, 0, 100, points, null);
    }

    /**
     * A component weighing 0 costs the score nothing, whatever its measures' points: they are not "points lost" (an
     * NPS of −100 read "100.0 points lost" first, beside "Counts for 0.0 %").
     */
    @Test
    void aMeasureOfAComponentWeighingNothingCostsNoPoints() {
        AccountDetail detail = new AccountDetail(Map.of(), Map.of(), null, null, null,
                List.of(new AccountDetail.ComponentPart("usage", 60.0, 50, 50),
                        new AccountDetail.ComponentPart("engagement", 80.0, 50, 50),
                        new AccountDetail.ComponentPart("outcomes", 0.0, 0, 0),
                        new AccountDetail.ComponentPart("financial", null, 0, 0)),
                List.of(part("nps", "outcomes", 0.0), part("seatUtilization", "usage", 60.0),
                        part("daysSinceContact", "engagement", 80.0)),
                3, List.of());
        List<WhyMoved.Line> lines = WhyMoved.of(detail);
        assertEquals(List.of("seatUtilization", "daysSinceContact", "nps"), lines.stream().map(WhyMoved.Line::measure)
                .toList(), "the costliest that counts first; the unweighed last");
        assertEquals(20.0, lines.get(0).lostNow(), "40 short of its good bound, half the score's weight");
        assertEquals(10.0, lines.get(1).lostNow());
        assertNull(lines.get(2).lostNow(), "NPS costs nothing");
    }

    /**
     * The review's example: seat utilization at 20 points and open tickets at 0, the other measures at their good
     * bound, weights 40/25/20/15. Tickets are 100 short but share engagement's quarter with another measure
     * (12.5 points); seats are 80 short with half of usage's 40 (16.0): seats cost more and come first, and the
     * costs add up to the 28.5 the score of 71.5 is short of 100.
     */
    @Test
    void aMeasureCostsItsShortfallTimesItsShareOfTheScore() {
        AccountDetail detail = new AccountDetail(Map.of(), Map.of(), null, null, null,
                List.of(new AccountDetail.ComponentPart("usage", 60.0, 40, 40),
                        new AccountDetail.ComponentPart("engagement", 50.0, 25, 25),
                        new AccountDetail.ComponentPart("outcomes", 100.0, 20, 20),
                        new AccountDetail.ComponentPart("financial", 100.0, 15, 15)),
                List.of(part("seatUtilization", "usage", 20.0), part("usageTrend", "usage", 100.0),
                        part("openTickets", "engagement", 0.0), part("daysSinceContact", "engagement", 100.0),
                        part("nps", "outcomes", 100.0), part("mrrChange", "financial", 100.0),
                        part("renewal", "financial", null)),
                3, List.of());
        List<WhyMoved.Line> lines = WhyMoved.of(detail);
        assertEquals(List.of("seatUtilization", "openTickets"), lines.stream().limit(2).map(WhyMoved.Line::measure)
                .toList());
        assertEquals(16.0, lines.get(0).lostNow(), 1e-9);
        assertEquals(12.5, lines.get(1).lostNow(), 1e-9);
        assertEquals(15.0 / 100, lines.stream().filter(l -> l.measure().equals("mrrChange")).findFirst().orElseThrow()
                .share(), 1e-12, "the financial component's one counted measure has its whole weight");
        assertEquals(28.5, lines.stream().filter(l -> l.lostNow() != null).mapToDouble(WhyMoved.Line::lostNow).sum(),
                1e-9);
    }

    /** Half a point as the points read (one decimal) is a move, though 80.1 − 79.6 is 0.4999… in doubles. */
    @Test
    void aMoveOfHalfAPointAsTheyReadIsShown() {
        for (double[] pair : new double[][] { { 79.6, 80.1 }, { 0.1, 0.6 }, { 1.8, 2.3 }, { 80.1, 79.6 } }) {
            WhyMoved.Line line = new WhyMoved.Line("m", "M", "", null, null, pair[0], pair[1], 0.5);
            assertTrue(line.moved(), pair[0] + " → " + pair[1]);
        }
        assertFalse(new WhyMoved.Line("m", "M", "", null, null, 79.6, 80.04, 0.5).moved(), "79.6 → 80.0");
        // as the points read, not as ten times them round: 80.35 reads 80.3 (it is 80.3499… in binary), 79.85 79.8
        assertFalse(new WhyMoved.Line("m", "M", "", null, null, 79.9, 80.35, 0.5).moved(), "79.9 → 80.3");
        assertTrue(new WhyMoved.Line("m", "M", "", null, null, 79.85, 80.3, 0.5).moved(), "79.8 → 80.3");
        assertFalse(new WhyMoved.Line("m", "M", "", null, null, null, 80.1, 0.5).moved(), "not counted before");
    }
}
