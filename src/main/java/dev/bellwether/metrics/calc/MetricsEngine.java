package dev.bellwether.metrics.calc;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bellwether.alerts.AlertHit;
import dev.bellwether.health.HealthModel;

/**
 * docs/metrics.md, every formula, for every month of a tenant's data: records in, records out, no
 * database and no framework. The reporting month M is the last month of {@link TenantFacts#months()}.
 * The formulas live in their own classes: {@link AccountScoring} (measures and health),
 * {@link MonthlyTally} (a book's metrics of a month), {@link Cohorts}, {@link Backtest} (health
 * accuracy), {@link CsmLoadCalc} and {@link BookAlerts}; this class runs them in order.
 */
public final class MetricsEngine {

    /** Unassigned accounts' key in the per-CSM breakdown. */
    public static final String NO_CSM = "(unassigned)";

    private MetricsEngine() {
    }

    /** Everything a recalculation produces. Metrics lists are indexed like the months. */
    public record Result(Months months, List<AccountResult> accounts, List<TenantMetrics> tenant,
            Map<String, List<TenantMetrics>> bySegment, Map<String, List<TenantMetrics>> byCsm, List<Cohort> cohorts,
            HealthAccuracy accuracy, CsmLoad csmLoad, List<AlertHit> alerts) {

        public int reportingMonth() {
            return months.count() - 1;
        }
    }

    /**
     * What a model makes of the book, without the revenue figures: every account's scores, the
     * backtest, the alerts at M.
     */
    public record Scored(Months months, List<AccountResult> accounts, HealthAccuracy accuracy, List<AlertHit> alerts) {
    }

    public static Result run(TenantFacts facts, HealthModel model) {
        Scored scored = score(facts, model);
        Months months = scored.months();
        List<AccountResult> accounts = scored.accounts();
        // one pass over the book fills the tenant's, the segments' and the CSMs' tallies: each account's
        // arrays are read once, month after month, instead of once per month and per breakdown
        MonthlyTally[] tenantTallies = MonthlyTally.months(months);
        Map<String, MonthlyTally[]> segmentTallies = new TreeMap<>();
        Map<String, MonthlyTally[]> csmTallies = new TreeMap<>();
        for (AccountResult account : accounts) {
            MonthlyTally[] segment = segmentTallies.computeIfAbsent(account.facts().segment,
                    s -> MonthlyTally.months(months));
            MonthlyTally[] csm = csmTallies.computeIfAbsent(csmKey(account.facts()), c -> MonthlyTally.months(months));
            MonthlyTally.Account a = new MonthlyTally.Account(account, facts.qbrSegments());
            for (int i = 0; i < months.count(); i++) {
                tenantTallies[i].add(a, i);
                segment[i].add(a, i);
                csm[i].add(a, i);
            }
        }
        Map<String, List<TenantMetrics>> bySegment = new TreeMap<>();
        segmentTallies.forEach((segment, tallies) -> bySegment.put(segment, MonthlyTally.series(tallies)));
        Map<String, List<TenantMetrics>> byCsm = new TreeMap<>();
        csmTallies.forEach((csm, tallies) -> byCsm.put(csm, MonthlyTally.series(tallies)));
        return new Result(months, accounts, MonthlyTally.series(tenantTallies), bySegment, byCsm,
                Cohorts.of(months, accounts), scored.accuracy(), CsmLoadCalc.at(accounts, months.count() - 1),
                scored.alerts());
    }

    /** The health part of a run: what the what-if preview compares between two models. */
    public static Scored score(TenantFacts facts, HealthModel model) {
        Months months = facts.months();
        List<AccountResult> accounts = AccountScoring.score(facts, model);
        return new Scored(months, accounts, Backtest.accuracy(months, accounts),
                BookAlerts.at(months, accounts, model));
    }

    /**
     * The alerts {@code model}'s rules raise at M on an already scored book (its scores do not
     * depend on the rules).
     */
    public static List<AlertHit> alerts(Scored scored, HealthModel model) {
        return BookAlerts.at(scored.months(), scored.accounts(), model);
    }

    static String csmKey(AccountFacts facts) {
        return facts.csmEmail == null || facts.csmEmail.isBlank() ? NO_CSM : facts.csmEmail;
    }
}
