package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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

    /**
     * Everything a recalculation produces. Metrics lists are indexed like the months.
     * {@code qbrSegments} are the ones the QBR figures counted; {@code reusedMonths} is how many
     * leading months' book figures an incremental run took from the previous run (0 for a full run).
     */
    public record Result(Months months, List<AccountResult> accounts, List<TenantMetrics> tenant,
            Map<String, List<TenantMetrics>> bySegment, Map<String, List<TenantMetrics>> byCsm, List<Cohort> cohorts,
            HealthAccuracy accuracy, CsmLoad csmLoad, List<AlertHit> alerts, Map<Slice, Map<String,
            List<TenantMetrics>>> slices, ChurnDrivers.Report drivers, DriverSample driverSample,
            Set<String> qbrSegments, int reusedMonths) {

        public int reportingMonth() {
            return months.count() - 1;
        }

        /**
         * One attribute's slices (metrics.md, Breakdowns), keyed by slice, each indexed like the
         * months; null in a month no account belongs to it (a tenure band before anyone reached it).
         */
        public Map<String, List<TenantMetrics>> slices(Slice by) {
            return slices.get(by);
        }
    }

    /**
     * What a model makes of the book, without the revenue figures: every account's scores, the
     * backtest, the alerts at M.
     */
    public record Scored(Months months, List<AccountResult> accounts, HealthAccuracy accuracy, List<AlertHit> alerts) {
    }

    public static Result run(TenantFacts facts, HealthModel model) {
        return aggregate(facts, model, AccountScoring.score(facts, model), null, 0, false);
    }

    /**
     * The same as {@link #run}, reusing the previous run's results of the accounts whose facts are
     * the very objects that run scored (an incremental recalculation keeps the unchanged accounts'
     * facts): their scores depend only on their own facts and the model, which must be the one the
     * previous run used. Their engagement at M is worked out again (feature adoption depends on the
     * whole tenant's features). A changed account whose facts before month {@code from} are the
     * previous run's keeps its scores of those months when its segment and seats did not change.
     * The book figures of the months before {@code from} are the previous run's when
     * {@link #reusableMonths} allows it; every other aggregate is computed from all accounts, as in
     * a full run.
     */
    public static Result run(TenantFacts facts, HealthModel model, Result previous, int from) {
        Map<String, AccountResult> before = new java.util.HashMap<>();
        for (AccountResult account : previous.accounts()) {
            before.put(account.facts().id, account);
        }
        List<AccountResult> accounts = new ArrayList<>(facts.accounts().size());
        for (AccountFacts account : facts.accounts()) {
            AccountResult old = before.get(account.id);
            if (old != null && old.facts() == account) {
                accounts.add(AccountScoring.reuse(old, facts.months(), facts.tenantFeatures()));
            } else if (old != null && sameScoringAttributes(old.facts(), account) && old.scores().length >= from) {
                // its facts before `from` are the previous run's: so are its scores there
                accounts.add(AccountScoring.account(account, facts.months(), facts.tenantFeatures(), model,
                        old.scores(), from));
            } else {
                accounts.add(AccountScoring.account(account, facts.months(), facts.tenantFeatures(), model));
            }
        }
        int reused = reusableMonths(facts, previous, from);
        return aggregate(facts, model, accounts, previous, reused, sameObservations(facts, previous, reused));
    }

    /**
     * How many leading months' book figures (tenant, segment, CSM and breakdown metrics) a run over
     * {@code facts} may take from {@code previous} as they are: the months before {@code from}, whose
     * facts are the previous run's (an incremental run's facts are spliced that way), when the book
     * is the same accounts in the same order with the same attributes, renewals, open expansion and
     * QBR segments. A month's figures read nothing else but the facts and scores of the months up to
     * its own. Otherwise none.
     */
    static int reusableMonths(TenantFacts facts, Result previous, int from) {
        List<AccountFacts> now = facts.accounts();
        if (from <= 0 || previous.months().count() < from || !previous.months().month(0).equals(facts.months().month(0))
                || !previous.qbrSegments().equals(facts.qbrSegments()) || previous.accounts().size() != now.size()) {
            return 0;
        }
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).sameAttributes(previous.accounts().get(i).facts())) {
                return 0;
            }
        }
        return from;
    }

    /**
     * Whether the backtest, the churn drivers and their sample of a run over {@code facts} are
     * {@code previous}'s: they read the scores and activity of the observation months, up to M − 3, and
     * the MRR up to M. So they are when the book figures of every month up to M − 3 are reused
     * ({@link #reusableMonths}: the same accounts with the same attributes, whose facts and scores
     * before the change are the previous run's), on the same months, and no account's MRR changed: an
     * events feed's round, whose usage is dated in the last month. Never when nothing is reused (the
     * book may be other accounts), even if the data is too short for any observation month.
     */
    static boolean sameObservations(TenantFacts facts, Result previous, int reused) {
        int m = facts.months().count() - 1;
        int lastObserved = m - Math.min(Backtest.BACKTEST_HORIZON, DriverSample.HORIZON);
        if (reused == 0 || previous.months().count() != facts.months().count() || reused <= lastObserved) {
            return false;
        }
        for (int i = 0; i < facts.accounts().size(); i++) {
            AccountFacts now = facts.accounts().get(i);
            AccountFacts then = previous.accounts().get(i).facts();
            if (now != then && !java.util.Arrays.equals(now.mrr, then.mrr)) {
                return false;
            }
        }
        return true;
    }

    /** The attributes a score depends on besides the facts: the segment (its weights) and the seats. */
    private static boolean sameScoringAttributes(AccountFacts one, AccountFacts other) {
        return java.util.Objects.equals(one.segment, other.segment)
                && java.util.Objects.equals(one.licensedSeats, other.licensedSeats);
    }

    /**
     * Every aggregate of the scored book; the book figures of the first {@code reused} months are
     * {@code previous}'s (see {@link #reusableMonths}), only their slice memberships are worked out;
     * with {@code sameObservations} so are the backtest, the churn drivers and their sample
     * ({@link #sameObservations}).
     */
    private static Result aggregate(TenantFacts facts, HealthModel model, List<AccountResult> scoredAccounts,
            Result previous, int reused, boolean sameObservations) {
        HealthAccuracy accuracy = sameObservations ? previous.accuracy()
                : Backtest.accuracy(facts.months(), scoredAccounts);
        Scored scored = new Scored(facts.months(), scoredAccounts, accuracy,
                BookAlerts.at(facts.months(), scoredAccounts, model));
        Months months = scored.months();
        List<AccountResult> accounts = scored.accounts();
        // one pass over the book fills the tenant's, the segments' and the CSMs' tallies: each account's
        // arrays are read once, month after month, instead of once per month and per breakdown
        MonthlyTally[] tenantTallies = MonthlyTally.months(months);
        Map<String, MonthlyTally[]> segmentTallies = new TreeMap<>();
        Map<String, MonthlyTally[]> csmTallies = new TreeMap<>();
        Map<Slice, Map<String, MonthlyTally[]>> sliceTallies = new EnumMap<>(Slice.class);
        Map<Slice, Map<String, boolean[]>> sliceMembers = new EnumMap<>(Slice.class);
        for (Slice by : List.of(Slice.INDUSTRY, Slice.PLAN, Slice.TENURE)) {
            sliceTallies.put(by, new TreeMap<>());
            sliceMembers.put(by, new TreeMap<>());
        }
        for (AccountResult account : accounts) {
            MonthlyTally[] segment = segmentTallies.computeIfAbsent(account.facts().segment,
                    s -> MonthlyTally.months(months));
            MonthlyTally[] csm = csmTallies.computeIfAbsent(csmKey(account.facts()), c -> MonthlyTally.months(months));
            MonthlyTally.Account a = new MonthlyTally.Account(account, facts.qbrSegments());
            for (int i = reused; i < months.count(); i++) {
                tenantTallies[i].add(a, i);
                segment[i].add(a, i);
                csm[i].add(a, i);
            }
            addToSlices(sliceTallies, sliceMembers, a, months, reused);
        }
        Map<String, List<TenantMetrics>> bySegment = new TreeMap<>();
        segmentTallies.forEach((segment, tallies) -> bySegment.put(segment,
                MonthlyTally.series(tallies, earlier(previous, reused, p -> p.bySegment().get(segment)), reused)));
        Map<String, List<TenantMetrics>> byCsm = new TreeMap<>();
        csmTallies.forEach((csm, tallies) -> byCsm.put(csm,
                MonthlyTally.series(tallies, earlier(previous, reused, p -> p.byCsm().get(csm)), reused)));
        Map<Slice, Map<String, List<TenantMetrics>>> slices = new EnumMap<>(Slice.class);
        slices.put(Slice.SEGMENT, bySegment);
        Map<String, List<TenantMetrics>> csmSlices = new TreeMap<>();
        byCsm.forEach((csm, series) -> csmSlices.put(NO_CSM.equals(csm) ? Slice.NONE : csm, series));
        slices.put(Slice.CSM, csmSlices);
        sliceTallies.forEach((by, tallies) -> {
            Map<String, List<TenantMetrics>> series = new TreeMap<>();
            tallies.forEach((key, t) -> {
                // a slice exists in the months an account has its value (tenure moves; the rest never do);
                // one that is new since the previous run had no member in the reused months
                List<TenantMetrics> before = reused == 0 ? null : previous.slices(by).get(key);
                List<TenantMetrics> s = new ArrayList<>(MonthlyTally.series(t, before, reused));
                boolean[] members = sliceMembers.get(by).get(key);
                for (int i = 0; i < s.size(); i++) {
                    if (!members[i]) {
                        s.set(i, null);
                    } else if (i < reused && (before == null || before.get(i) == null)) {
                        throw new IllegalStateException("The previous run has no figures for slice " + key);
                    }
                }
                series.put(key, s);
            });
            slices.put(by, series);
        });
        DriverSample sample = sameObservations ? previous.driverSample() : DriverSample.of(months, accounts, model);
        ChurnDrivers.Report drivers = sameObservations ? previous.drivers()
                : ChurnDrivers.report(months, accounts, model);
        return new Result(months, accounts,
                MonthlyTally.series(tenantTallies, earlier(previous, reused, Result::tenant), reused), bySegment,
                byCsm, Cohorts.of(months, accounts), scored.accuracy(), CsmLoadCalc.at(accounts, months.count() - 1),
                scored.alerts(), slices, drivers, sample, facts.qbrSegments(), reused);
    }

    /**
     * The previous run's series of a set of accounts the reused months had (a segment, a CSM's book,
     * the tenant), or null when no month is reused. The same accounts with the same attributes make
     * the same sets: a missing one is a bug, not a case.
     */
    private static List<TenantMetrics> earlier(Result previous, int reused,
            Function<Result, List<TenantMetrics>> series) {
        if (reused == 0) {
            return null;
        }
        List<TenantMetrics> before = series.apply(previous);
        if (before == null) {
            throw new IllegalStateException("The previous run has no figures for a set of the same accounts");
        }
        return before;
    }

    /**
     * Industry and plan: one slice for every month; tenure: the band of each month. The months before
     * {@code reused} only record their members (their figures are the previous run's).
     */
    private static void addToSlices(Map<Slice, Map<String, MonthlyTally[]>> tallies,
            Map<Slice, Map<String, boolean[]>> members, MonthlyTally.Account a, Months months, int reused) {
        for (Map.Entry<Slice, Map<String, MonthlyTally[]>> by : tallies.entrySet()) {
            for (int i = 0; i < months.count(); i++) {
                String key = by.getKey().keyOf(a.facts(), months, i);
                MonthlyTally[] slice = by.getValue().computeIfAbsent(key, k -> MonthlyTally.months(months));
                if (i >= reused) {
                    slice[i].add(a, i);
                }
                members.get(by.getKey()).computeIfAbsent(key, k -> new boolean[months.count()])[i] = true;
            }
        }
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

    /** The account's CSM as the per-CSM figures key it: {@link #NO_CSM} when it has none ({@link #csmOf}). */
    static String csmKey(AccountFacts facts) {
        String csm = csmOf(facts.csmEmail);
        return csm == null ? NO_CSM : csm;
    }

    /**
     * The CSM an account's {@code csm_email} names: null when it is empty, or says "(none)" or "(unassigned)",
     * which the breakdown's slice of accounts without a CSM is called. Every per-CSM figure, task and playbook step
     * reads it so.
     */
    public static String csmOf(String csmEmail) {
        return csmEmail == null || csmEmail.isBlank() || Slice.NONE.equals(csmEmail) || NO_CSM.equals(csmEmail)
                ? null : csmEmail;
    }
}
