package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;
import dev.bellwether.metrics.calc.FactsBuilder;
import dev.bellwether.metrics.calc.Months;
import dev.bellwether.metrics.calc.TenantFacts;

/** The cache of last runs is capped by what its runs weigh: accounts, and how many months each spans. */
class LastRunsTest {

    private static TenantFacts facts(int accounts, YearMonth first, YearMonth last) {
        FactsBuilder b = new FactsBuilder(new Months(first, last));
        for (int i = 0; i < accounts; i++) {
            b.account("A" + i, "A" + i, "SMB", null, LocalDate.of(2020, 1, 1), null, null, null);
        }
        return b.build();
    }

    private static LastRuns.LastRun run(TenantFacts facts) {
        return new LastRuns.LastRun(1, 0, HealthModel.defaults(), facts, null);
    }

    @Test
    void aRunOfManyMonthsWeighsAsManyTwoYearAccountsAsItsMonthsMake() {
        LastRuns runs = new LastRuns();
        runs.enabled = true;
        runs.maxAccounts = 100;
        runs.put("two-years", run(facts(60, YearMonth.of(2024, 11), YearMonth.of(2026, 10))));
        assertNotNull(runs.get("two-years"), "60 accounts of 24 months: 60 of 100");
        // 30 accounts over 48 months weigh 60: together 120, past the cap, so the least recent goes
        runs.put("four-years", run(facts(30, YearMonth.of(2022, 11), YearMonth.of(2026, 10))));
        assertNotNull(runs.get("four-years"));
        assertNull(runs.get("two-years"), "dropped to make room");
        // ten accounts whose data starts with a stray 1926-03 span 1,208 months: 503 two-year accounts, not kept
        runs.put("stray-month", run(facts(10, YearMonth.of(1926, 3), YearMonth.of(2026, 10))));
        assertNull(runs.get("stray-month"));
        assertNotNull(runs.get("four-years"), "and nothing else dropped for it");
    }
}
