package dev.bellwether.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The timeline's MRR movements and band changes, month by month; a month without a row pays 0. */
class MovementsTest {

    private static YearMonth m(String month) {
        return YearMonth.parse(month);
    }

    @Test
    void mrrMovementsNameNewExpansionContractionChurnAndReactivation() {
        Map<YearMonth, Double> mrr = new HashMap<>();
        mrr.put(m("2026-01"), 100.0);
        mrr.put(m("2026-02"), 150.0);
        mrr.put(m("2026-03"), 150.0);
        mrr.put(m("2026-04"), 120.0);
        // 2026-05 has no row: churned
        mrr.put(m("2026-06"), 80.0);
        assertEquals(List.of(
                new Movements.Movement(m("2026-01"), "New customer", "0.00 → 100.00 USD (+100.00)"),
                new Movements.Movement(m("2026-02"), "Expansion", "100.00 → 150.00 USD (+50.00)"),
                new Movements.Movement(m("2026-04"), "Contraction", "150.00 → 120.00 USD (−30.00)"),
                new Movements.Movement(m("2026-05"), "Churned", "120.00 → 0.00 USD (−120.00)"),
                new Movements.Movement(m("2026-06"), "Reactivated", "0.00 → 80.00 USD (+80.00)"),
                new Movements.Movement(m("2026-07"), "Churned", "80.00 → 0.00 USD (−80.00)")),
                Movements.mrr(mrr, m("2026-08"), "USD"));
    }

    @Test
    void bandChangesStartWithTheFirstScoreAndSkipUnchangedMonths() {
        Map<YearMonth, String> bands = new HashMap<>();
        bands.put(m("2026-01"), null);
        bands.put(m("2026-02"), "healthy");
        bands.put(m("2026-03"), "healthy");
        bands.put(m("2026-04"), "at_risk");
        bands.put(m("2026-05"), null);
        assertEquals(List.of(
                new Movements.Movement(m("2026-02"), "Scored healthy", "healthy"),
                new Movements.Movement(m("2026-04"), "Band changed to at risk", "healthy → at risk"),
                new Movements.Movement(m("2026-05"), "Band changed to no score", "at risk → no score")),
                Movements.bands(bands));
    }
}
