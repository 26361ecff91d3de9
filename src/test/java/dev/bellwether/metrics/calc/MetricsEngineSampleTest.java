package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVE_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.CHURNED_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CONTRACTION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.ENDING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.NEW_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.REACTIVATION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.STARTING_MRR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;
import dev.bellwether.testing.JsonCompare;

/**
 * The pure engine on the contract's sample, figure by figure against expected.json: the tenant's and every account's
 * figures to the last bit, cohorts, the backtest and CSM load to 0.05.
 */
class MetricsEngineSampleTest {

    static final double TOLERANCE = 0.05;
    static JsonNode expected;
    static MetricsEngine.Result result;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void run() throws IOException {
        expected = JSON.readTree(Files.readString(SampleFacts.SAMPLE.resolve("expected.json")));
        result = MetricsEngine.run(SampleFacts.load(), HealthModel.defaults());
    }

    /**
     * Every tenant figure to the last bit, as expected.json has them: a share of counts is rounded once (1 / 48 × 100
     * rounded twice came out a bit below), and a ratio of money is divided in decimal, as the amounts are written
     * (145,778.82, not its nearest binary fraction).
     */
    @Test
    void tenantMetricsOfTheReportingMonth() {
        TenantMetrics metrics = result.tenant().get(result.reportingMonth());
        JsonNode actual = JSON.valueToTree(metrics.asMap());
        List<String> mismatches = new ArrayList<>();
        expected.get("metrics").fields().forEachRemaining(e -> exact("metrics." + e.getKey(), e.getValue(),
                actual.get(e.getKey()), mismatches));
        assertEquals(List.of(), mismatches);
    }

    /**
     * Every account's figures to the last bit, as expected.json has them: a churn driver's AUC counts equal scores
     * as a tie, so two scores equal on paper must be equal as numbers, and a score on a band's edge must fall on its
     * side.
     */
    @Test
    void everyAccountsHealthBandComponentsAndMeasures() {
        List<String> mismatches = new ArrayList<>();
        int m = result.reportingMonth();
        assertEquals(60, expected.get("accounts").size());
        assertEquals(expected.get("accounts").size(), result.accounts().size(), "every account of expected.json");
        for (AccountResult account : result.accounts()) {
            JsonNode e = expected.get("accounts").get(account.facts().id);
            String p = "accounts." + account.facts().id + ".";
            exact(p + "active", e.get("active"), JSON.valueToTree(account.facts().active(m)), mismatches);
            exact(p + "mrr", e.get("mrr"), JSON.valueToTree(account.facts().mrr(m)), mismatches);
            exact(p + "health", e.get("health"), JSON.valueToTree(account.health(m)), mismatches);
            exact(p + "previousHealth", e.get("previousHealth"), JSON.valueToTree(account.health(m - 1)), mismatches);
            exact(p + "band", e.get("band"), JSON.valueToTree(account.band(m) == null ? null : account.band(m).key()),
                    mismatches);
            exact(p + "mau", e.get("mau"), JSON.valueToTree(account.mau()), mismatches);
            exact(p + "dauMau", e.get("dauMau"), JSON.valueToTree(account.dauMau()), mismatches);
            exact(p + "featureAdoption", e.get("featureAdoption"), JSON.valueToTree(account.featureAdoption()),
                    mismatches);
            for (Measure measure : Measure.values()) {
                exact(p + "measures." + measure.key(), e.get("measures").get(measure.key()),
                        JSON.valueToTree(account.measures().get(measure)), mismatches);
            }
            for (Component component : Component.values()) {
                Double score = account.scores()[m] == null ? null : account.scores()[m].component(component);
                exact(p + "components." + component.key(), e.get("components").get(component.key()),
                        JSON.valueToTree(score), mismatches);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void openAlertsAreExactlyTheExpectedOnes() {
        TreeSet<String> want = new TreeSet<>();
        expected.get("alerts").forEach(a -> want.add(a.get("accountId").asText() + " " + a.get("rule").asText()));
        TreeSet<String> got = new TreeSet<>();
        result.alerts().forEach(a -> got.add(a.accountId() + " " + a.rule().key()));
        assertEquals(want, got);
    }

    @Test
    void cohortsBacktestAndCsmLoad() {
        List<String> mismatches = new ArrayList<>();
        compare("cohorts", expected.get("cohorts"), JSON.valueToTree(result.cohorts()), mismatches);
        compare("healthAccuracy", expected.get("healthAccuracy"), JSON.valueToTree(result.accuracy()), mismatches);
        compare("csmLoad", expected.get("csmLoad"), JSON.valueToTree(result.csmLoad()), mismatches);
        assertEquals(List.of(), mismatches);
    }

    @Test
    void movementsReconcileInEveryMonth() {
        for (TenantMetrics t : result.tenant()) {
            assertEquals(t.amount(ENDING_MRR), t.amount(STARTING_MRR) + t.amount(NEW_MRR)
                    + t.amount(REACTIVATION_MRR) + t.amount(EXPANSION_MRR)
                    - t.amount(CONTRACTION_MRR) - t.amount(CHURNED_MRR), 1e-6, t.month());
        }
        for (List<TenantMetrics> segment : result.bySegment().values()) {
            for (TenantMetrics t : segment) {
                assertEquals(t.amount(ENDING_MRR), t.amount(STARTING_MRR) + t.amount(NEW_MRR)
                        + t.amount(REACTIVATION_MRR) + t.amount(EXPANSION_MRR)
                        - t.amount(CONTRACTION_MRR) - t.amount(CHURNED_MRR), 1e-6, t.month());
            }
        }
    }

    @Test
    void segmentsAndCsmsAddUpToTheTenant() {
        int m = result.reportingMonth();
        double ending = result.bySegment().values().stream().mapToDouble(s -> s.get(m).amount(ENDING_MRR)).sum();
        assertEquals(result.tenant().get(m).amount(ENDING_MRR), ending, 1e-6);
        int active = result.byCsm().values().stream().mapToInt(s -> s.get(m).count(ACTIVE_ACCOUNTS)).sum();
        assertEquals(result.tenant().get(m).count(ACTIVE_ACCOUNTS), active);
        assertNotNull(result.bySegment().get("Enterprise"));
        assertNull(result.tenant().get(0).get(GRR), "the first month has no starting MRR: GRR is undefined");
    }

    static void exact(String path, JsonNode want, JsonNode got, List<String> mismatches) {
        JsonCompare.compare(path, want, got, 0, mismatches);
    }

    static void compare(String path, JsonNode want, JsonNode got, List<String> mismatches) {
        JsonCompare.compare(path, want, got, TOLERANCE, mismatches);
    }
}
