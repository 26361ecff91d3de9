package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.bellwether.health.HealthModel;
import dev.bellwether.metrics.calc.AccountFacts;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.SampleFacts;
import dev.bellwether.metrics.calc.TenantFacts;

/**
 * A run that builds on the previous one writes only the tenant row's documents that changed: an
 * events feed's round (usage of the reporting month) none of them, a change three months back the
 * churn drivers' sample, a change of the last month's MRR the cohorts and the CSMs' load but not the
 * sample. The public sample, with no database.
 */
class TenantSnapshotRowTest {

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final TenantSnapshotRow ROW = new TenantSnapshotRow(value -> {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    });
    /** An account of the sample active in every month of it. */
    private static final String ACCOUNT = "ACC-00001";

    @Test
    void theSameBookRunAgainChangesNoDocument() {
        assertEquals(List.of(), ROW.changedColumns(run(facts -> { }), run(facts -> { })));
    }

    @Test
    void usageOfTheReportingMonthChangesNoDocument() {
        MetricsEngine.Result before = run(facts -> { });
        MetricsEngine.Result after = run(facts -> account(facts).events30[m(facts)] += 5_000);

        int m = before.reportingMonth();
        assertNotEquals(health(before, m), health(after, m), "the account's health at M moved");
        assertEquals(health(before, m - 1), health(after, m - 1));
        assertEquals(List.of(), ROW.changedColumns(after, before));
    }

    @Test
    void usageThreeMonthsBackChangesTheChurnDriversSample() {
        MetricsEngine.Result before = run(facts -> { });
        MetricsEngine.Result after = run(facts -> account(facts).events30[m(facts) - 3] += 5_000);

        assertNotEquals(health(before, before.reportingMonth() - 3), health(after, after.reportingMonth() - 3));
        List<String> changed = ROW.changedColumns(after, before);
        assertEquals(true, changed.contains("driver_sample"), changed.toString());
        assertEquals(false, changed.contains("csm_load"), changed.toString());
    }

    @Test
    void theLastMonthsMrrChangesTheCohortsAndTheCsmsLoadButNotTheSample() {
        MetricsEngine.Result before = run(facts -> { });
        MetricsEngine.Result after = run(facts -> account(facts).mrr[m(facts)] += 100);

        assertEquals(List.of("cohorts", "csm_load"), ROW.changedColumns(after, before));
    }

    private static MetricsEngine.Result run(Consumer<TenantFacts> change) {
        TenantFacts facts = SampleFacts.load();
        change.accept(facts);
        return MetricsEngine.run(facts, HealthModel.defaults());
    }

    private static AccountFacts account(TenantFacts facts) {
        return facts.accounts().stream().filter(a -> a.id.equals(ACCOUNT)).findFirst().orElseThrow();
    }

    private static int m(TenantFacts facts) {
        return facts.months().count() - 1;
    }

    private static Double health(MetricsEngine.Result result, int month) {
        return result.accounts().stream().filter(a -> a.facts().id.equals(ACCOUNT)).findFirst().orElseThrow()
                .health(month);
    }
}
