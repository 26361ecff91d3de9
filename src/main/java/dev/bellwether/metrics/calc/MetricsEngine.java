package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bellwether.alerts.AlertHit;
import dev.bellwether.alerts.AlertRules;
import dev.bellwether.alerts.AlertSetting;
import dev.bellwether.health.Band;
import dev.bellwether.health.HealthCalculator;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/**
 * metrics.md, every formula, for every month of a tenant's data: records in, records out, no
 * database and no framework. The reporting month M is the last month of {@link TenantFacts#months()}.
 */
public final class MetricsEngine {

    /** The months of the backtest: the 12 ending at M−3. */
    static final int BACKTEST_MONTHS = 12;
    static final int BACKTEST_HORIZON = 3;
    static final int COHORT_MONTHS = 24;

    private MetricsEngine() {
    }

    /** One account's results: its health in every month it was active, and its full picture at M. */
    public record AccountResult(AccountFacts facts, Score[] scores, Map<Measure, Double> measures, Integer mau,
            Double dauMau, Double featureAdoption) {

        /** Health at month {@code i}, or null (inactive or insufficient data). */
        public Double health(int i) {
            return i >= 0 && i < scores.length && scores[i] != null ? scores[i].health() : null;
        }

        public Band band(int i) {
            return i >= 0 && i < scores.length && scores[i] != null ? scores[i].band() : null;
        }
    }

    /** A cohort: accounts whose first month with MRR is {@code cohort}; retention for k = 0..23 (null after M). */
    public record Cohort(String cohort, int accounts, double startingMrr, List<Double> logoRetention,
            List<Double> revenueRetention) {
    }

    /** One month of the backtest. */
    public record AccuracyMonth(String month, int healthyCount, Double healthyStillActivePct, int atRiskCount,
            Double atRiskChurnedPct) {
    }

    public record AccuracyTotal(int healthyCount, Double healthyStillActivePct, Double healthyChurnedPct, int atRiskCount,
            Double atRiskChurnedPct) {
    }

    public record HealthAccuracy(List<AccuracyMonth> months, AccuracyTotal total) {
    }

    public record CsmBook(String csmEmail, int activeAccounts, double arr) {
    }

    public record CsmLoad(List<CsmBook> csms, int activeAccounts, int csmCount, Double ratio) {
    }

    /** Everything a recalculation produces. Metrics lists are indexed like the months. */
    public record Result(Months months, List<AccountResult> accounts, List<TenantMetrics> tenant,
            Map<String, List<TenantMetrics>> bySegment, Map<String, List<TenantMetrics>> byCsm, List<Cohort> cohorts,
            HealthAccuracy accuracy, CsmLoad csmLoad, List<AlertHit> alerts) {

        public int reportingMonth() {
            return months.count() - 1;
        }
    }

    /** Unassigned accounts' key in the per-CSM breakdown. */
    public static final String NO_CSM = "(unassigned)";

    /** What a model makes of the book, without the revenue figures: every account's scores, the backtest, the alerts at M. */
    public record Scored(Months months, List<AccountResult> accounts, HealthAccuracy accuracy, List<AlertHit> alerts) {
    }

    public static Result run(TenantFacts facts, HealthModel model) {
        Scored scored = score(facts, model);
        Months months = scored.months();
        List<AccountResult> accounts = scored.accounts();
        int m = months.count() - 1;
        // one pass over the book fills the tenant's, the segments' and the CSMs' tallies: each account's
        // arrays are read once, month after month, instead of once per month and per breakdown
        Tally[] tenantTallies = Tally.months(months);
        Map<String, Tally[]> segmentTallies = new TreeMap<>();
        Map<String, Tally[]> csmTallies = new TreeMap<>();
        for (AccountResult account : accounts) {
            Tally[] segment = segmentTallies.computeIfAbsent(account.facts().segment, s -> Tally.months(months));
            Tally[] csm = csmTallies.computeIfAbsent(csmKey(account.facts()), c -> Tally.months(months));
            Tally.Account a = new Tally.Account(account);
            for (int i = 0; i < months.count(); i++) {
                tenantTallies[i].add(a, i);
                segment[i].add(a, i);
                csm[i].add(a, i);
            }
        }
        List<TenantMetrics> tenant = metrics(tenantTallies);
        Map<String, List<TenantMetrics>> bySegment = new TreeMap<>();
        segmentTallies.forEach((segment, tallies) -> bySegment.put(segment, metrics(tallies)));
        Map<String, List<TenantMetrics>> byCsm = new TreeMap<>();
        csmTallies.forEach((csm, tallies) -> byCsm.put(csm, metrics(tallies)));
        return new Result(months, accounts, tenant, bySegment, byCsm, cohorts(months, accounts), scored.accuracy(),
                csmLoad(accounts, m), scored.alerts());
    }

    /** The health part of a run: what the what-if preview compares between two models. */
    public static Scored score(TenantFacts facts, HealthModel model) {
        Months months = facts.months();
        List<AccountResult> accounts = new ArrayList<>();
        for (AccountFacts account : facts.accounts()) {
            accounts.add(account(account, months, facts.tenantFeatures(), model));
        }
        return new Scored(months, accounts, accuracy(months, accounts), alerts(months, accounts, model));
    }

    static String csmKey(AccountFacts facts) {
        return facts.csmEmail == null || facts.csmEmail.isBlank() ? NO_CSM : facts.csmEmail;
    }

    // --- accounts ------------------------------------------------------------------------------

    private static AccountResult account(AccountFacts a, Months months, int[] tenantFeatures, HealthModel model) {
        int n = months.count();
        Score[] scores = new Score[n];
        Map<Measure, Double> lastKnown = new EnumMap<>(Measure.class);
        Map<Measure, Double> values = null;
        for (int i = 0; i < n; i++) {
            values = measures(a, i, months);
            if (a.active(i)) {
                Map<Measure, Double> known = new EnumMap<>(lastKnown);
                scores[i] = HealthCalculator.score(model, a.segment, values, known::get);
            }
            values.forEach((measure, value) -> {
                if (value != null) {
                    lastKnown.put(measure, value);
                }
            });
        }
        int m = n - 1;
        Integer mau = a.mau[m];
        Double dauMau = a.mau[m] > 0 ? a.activeUserDays[m] / 30.0 / a.mau[m] * 100 : null;
        Double adoption = tenantFeatures[m] > 0 ? (double) a.features30[m] / tenantFeatures[m] * 100 : null;
        return new AccountResult(a, scores, values, mau, dauMau, adoption);
    }

    /** The seven measures of an account at month i; null where undefined. */
    static Map<Measure, Double> measures(AccountFacts a, int i, Months months) {
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        values.put(Measure.SEAT_UTILIZATION,
                a.licensedSeats != null && a.licensedSeats > 0 ? (double) a.mau[i] / a.licensedSeats * 100 : null);
        values.put(Measure.USAGE_TREND, a.eventsPrior30[i] > 0
                ? (double) (a.events30[i] - a.eventsPrior30[i]) / a.eventsPrior30[i] * 100 : null);
        values.put(Measure.DAYS_SINCE_CONTACT, a.lastContactDay[i] == AccountFacts.NO_DAY ? null
                : (double) (months.lastDay(i) - a.lastContactDay[i]));
        values.put(Measure.OPEN_TICKETS, (double) a.openTickets[i]);
        values.put(Measure.NPS, a.npsAnswers180[i] > 0
                ? (double) (a.npsPromoters180[i] - a.npsDetractors180[i]) / a.npsAnswers180[i] * 100 : null);
        values.put(Measure.CSAT, a.csatAnswers180[i] > 0 ? (double) a.csatGood180[i] / a.csatAnswers180[i] * 100 : null);
        double before = a.mrr(i - 3);
        values.put(Measure.MRR_CHANGE_3M, before > 0 ? (a.mrr(i) - before) / before * 100 : null);
        return values;
    }

    // --- the metrics of a set of accounts --------------------------------------------------------

    /**
     * The sums behind one month's metrics over a set of accounts, filled account by account
     * ({@link #add}) and read once complete ({@link #metrics}).
     */
    private static final class Tally {

        /** What an account brings to every month, worked out once. */
        private record Account(AccountResult result, int firstActive, long since, long firstValue) {

            static final long NONE = Long.MIN_VALUE;

            Account(AccountResult result) {
                this(result, firstActive(result.facts()),
                        result.facts().customerSince == null ? NONE : result.facts().customerSince.toEpochDay(),
                        result.facts().firstValueDate == null ? NONE : result.facts().firstValueDate.toEpochDay());
            }

            private static int firstActive(AccountFacts a) {
                int i = 0;
                while (i < a.mrr.length && a.mrr[i] <= 0) {
                    i++;
                }
                return i;
            }

            /** Active in some month before {@code month}. */
            boolean activeBefore(int month) {
                return firstActive < month;
            }
        }

        final int month;
        final String label;
        final long end;
        final long renewalFrom;
        double starting, fresh, reactivation, expansion, contraction, churned, ending;
        int atStart, active, churnedLogos, upsellLogos;
        double base12, now12, kept12, pipeline;
        int promoters, detractors, npsAnswers, csatGood, csatAnswers, cesSum, cesAnswers;
        int healthy, attention, atRisk, unscored, contacted, overdue, unanswered;
        int fcrTrue, fcrFlagged, activationBase, activated, renewalsWon, renewalsClosed;
        final Doubles hours = new Doubles();
        final Doubles ttfv = new Doubles();

        private Tally(Months months, int month) {
            this.month = month;
            this.label = months.month(month).toString();
            this.end = months.lastDate(month).toEpochDay();
            this.renewalFrom = months.month(month).minusMonths(11).atDay(1).toEpochDay();
        }

        /** One empty tally per month. */
        static Tally[] months(Months months) {
            Tally[] tallies = new Tally[months.count()];
            for (int i = 0; i < tallies.length; i++) {
                tallies[i] = new Tally(months, i);
            }
            return tallies;
        }

        void add(Account account, int i) {
            AccountFacts a = account.result().facts();
            // revenue movements from i−1 to i
            double before = a.mrr(i - 1);
            double now = a.mrr(i);
            starting += before;
            ending += now;
            if (now > 0) {
                active++;
            }
            if (before > 0) {
                atStart++;
            }
            if (before == 0 && now > 0) {
                if (account.activeBefore(i - 1)) {
                    reactivation += now;
                } else {
                    fresh += now;
                }
            } else if (before > 0 && now > 0) {
                if (now > before) {
                    expansion += now - before;
                    upsellLogos++;
                } else if (now < before) {
                    contraction += before - now;
                }
            } else if (before > 0) {
                churned += before;
                churnedLogos++;
            }
            // everything else
            double then = a.mrr(i - 12);
            if (then > 0) {
                base12 += then;
                now12 += now;
                kept12 += Math.min(now, then);
            }
            promoters += a.npsPromoters90[i];
            detractors += a.npsDetractors90[i];
            npsAnswers += a.npsAnswers90[i];
            csatGood += a.csatGood90[i];
            csatAnswers += a.csatAnswers90[i];
            cesSum += a.cesSum90[i];
            cesAnswers += a.cesAnswers90[i];
            unanswered += a.unansweredTickets[i];
            hours.addAll(a.resolutionHours[i]);
            fcrTrue += a.firstContactResolved[i];
            fcrFlagged += a.firstContactFlagged[i];
            pipeline += a.openExpansion;
            if (a.active(i)) {
                Band band = account.result().band(i);
                if (band == null) {
                    unscored++;
                } else {
                    switch (band) {
                        case HEALTHY -> healthy++;
                        case NEEDS_ATTENTION -> attention++;
                        default -> atRisk++;
                    }
                }
                if (a.contactedInMonth[i]) {
                    contacted++;
                }
                if (("Enterprise".equals(a.segment) || "Mid-Market".equals(a.segment)) && !a.qbrIn90Days[i]) {
                    overdue++;
                }
            }
            long since = account.since();
            long firstValue = account.firstValue();
            if (firstValue != Account.NONE && since != Account.NONE && firstValue <= end) {
                ttfv.add(firstValue - since);
            }
            if (since != Account.NONE && since <= end - 30) {
                activationBase++;
                if (firstValue != Account.NONE && firstValue <= since + 30) {
                    activated++;
                }
            }
            for (AccountFacts.ClosedRenewal renewal : a.closedRenewals) {
                long closed = renewal.closeDate().toEpochDay();
                if (closed >= renewalFrom && closed <= end) {
                    renewalsClosed++;
                    if (renewal.won()) {
                        renewalsWon++;
                    }
                }
            }
        }

        Double logoChurnRate() {
            return atStart == 0 ? null : (double) churnedLogos / atStart * 100;
        }
    }

    /** A growable list of doubles (resolution hours, days to first value): no boxing. */
    private static final class Doubles {

        private double[] values = new double[16];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(double[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(size * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        Double median() {
            if (size == 0) {
                return null;
            }
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int mid = size / 2;
            return size % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /** The metrics of every month from its complete tallies. */
    private static List<TenantMetrics> metrics(Tally[] tallies) {
        List<TenantMetrics> metrics = new ArrayList<>(tallies.length);
        for (Tally t : tallies) {
            int i = t.month;
            Double grr = ratio(t.starting - t.churned - t.contraction, t.starting);
            Double nrr = ratio(t.starting + t.expansion - t.churned - t.contraction, t.starting);
            Double logoChurn = t.logoChurnRate();
            Double arpa = t.active == 0 ? null : t.ending / t.active;
            double churnSum = 0;
            int churnMonths = 0;
            for (int k = Math.max(0, i - 11); k <= i; k++) {
                Double rate = tallies[k].logoChurnRate();
                if (rate != null) {
                    churnSum += rate;
                    churnMonths++;
                }
            }
            double meanChurn = churnMonths == 0 ? 0 : churnSum / churnMonths;
            Double clv = arpa == null || churnMonths == 0 || meanChurn == 0 ? null : arpa / (meanChurn / 100);
            int scored = t.healthy + t.attention + t.atRisk;
            TenantMetrics.Builder b = TenantMetrics.builder(t.label);
            b.set(MetricDefinition.STARTING_MRR, t.starting).set(MetricDefinition.NEW_MRR, t.fresh)
                    .set(MetricDefinition.REACTIVATION_MRR, t.reactivation).set(MetricDefinition.EXPANSION_MRR, t.expansion)
                    .set(MetricDefinition.CONTRACTION_MRR, t.contraction).set(MetricDefinition.CHURNED_MRR, t.churned)
                    .set(MetricDefinition.ENDING_MRR, t.ending).set(MetricDefinition.ARR, 12 * t.ending)
                    .set(MetricDefinition.GRR, grr).set(MetricDefinition.NRR, nrr)
                    .set(MetricDefinition.REVENUE_CHURN_RATE, ratio(t.churned + t.contraction, t.starting))
                    .set(MetricDefinition.EXPANSION_RATE, ratio(t.expansion, t.starting))
                    .set(MetricDefinition.CUSTOMERS_AT_START, t.atStart).set(MetricDefinition.ACTIVE_ACCOUNTS, t.active)
                    .set(MetricDefinition.LOGO_CHURN_RATE, logoChurn)
                    .set(MetricDefinition.LOGO_RETENTION, logoChurn == null ? null : 100 - logoChurn)
                    .set(MetricDefinition.UPSELL_RATE, t.atStart == 0 ? null : (double) t.upsellLogos / t.atStart * 100)
                    .set(MetricDefinition.ARPA, arpa).set(MetricDefinition.CLV, clv)
                    .set(MetricDefinition.T12_NRR, ratio(t.now12, t.base12)).set(MetricDefinition.T12_GRR, ratio(t.kept12, t.base12))
                    .set(MetricDefinition.NPS, t.npsAnswers == 0 ? null : (double) (t.promoters - t.detractors) / t.npsAnswers * 100)
                    .set(MetricDefinition.CSAT, ratio(t.csatGood, t.csatAnswers))
                    .set(MetricDefinition.CES, t.cesAnswers == 0 ? null : (double) t.cesSum / t.cesAnswers)
                    .set(MetricDefinition.PERCENT_HEALTHY, ratio(t.healthy, scored))
                    .set(MetricDefinition.HEALTHY_ACCOUNTS, t.healthy).set(MetricDefinition.NEEDS_ATTENTION_ACCOUNTS, t.attention)
                    .set(MetricDefinition.AT_RISK_ACCOUNTS, t.atRisk).set(MetricDefinition.UNSCORED_ACCOUNTS, t.unscored)
                    .set(MetricDefinition.CONTACT_RATE, ratio(t.contacted, t.active)).set(MetricDefinition.OVERDUE_QBRS, t.overdue)
                    .set(MetricDefinition.UNANSWERED_TICKETS, t.unanswered)
                    .set(MetricDefinition.TIME_TO_RESOLUTION, t.hours.median())
                    .set(MetricDefinition.FCR, ratio(t.fcrTrue, t.fcrFlagged)).set(MetricDefinition.TTFV, t.ttfv.median())
                    .set(MetricDefinition.ACTIVATION_RATE, ratio(t.activated, t.activationBase))
                    .set(MetricDefinition.RENEWAL_RATE, ratio(t.renewalsWon, t.renewalsClosed))
                    .set(MetricDefinition.EXPANSION_PIPELINE, t.pipeline);
            metrics.add(b.build());
        }
        return metrics;
    }

    /** numerator / denominator × 100, undefined (null) when the denominator is 0. */
    static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator * 100;
    }

    // --- cohorts, backtest, CSM load ------------------------------------------------------------

    private static List<Cohort> cohorts(Months months, List<AccountResult> accounts) {
        int n = months.count();
        Map<Integer, List<AccountFacts>> byFirstMonth = new TreeMap<>();
        for (AccountResult result : accounts) {
            AccountFacts a = result.facts();
            for (int i = 0; i < n; i++) {
                if (a.mrr[i] > 0) {
                    byFirstMonth.computeIfAbsent(i, k -> new ArrayList<>()).add(a);
                    break;
                }
            }
        }
        List<Cohort> cohorts = new ArrayList<>();
        byFirstMonth.forEach((first, members) -> {
            double starting = members.stream().mapToDouble(a -> a.mrr[first]).sum();
            List<Double> logos = new ArrayList<>();
            List<Double> revenue = new ArrayList<>();
            for (int k = 0; k < COHORT_MONTHS; k++) {
                int i = first + k;
                if (i >= n) {
                    logos.add(null);
                    revenue.add(null);
                } else {
                    logos.add(members.stream().filter(a -> a.mrr[i] > 0).count() * 100.0 / members.size());
                    revenue.add(members.stream().mapToDouble(a -> a.mrr[i]).sum() / starting * 100);
                }
            }
            cohorts.add(new Cohort(months.month(first).toString(), members.size(), starting, logos, revenue));
        });
        return cohorts;
    }

    private static HealthAccuracy accuracy(Months months, List<AccountResult> accounts) {
        int m = months.count() - 1;
        List<AccuracyMonth> rows = new ArrayList<>();
        int healthyTotal = 0, stillActiveTotal = 0, atRiskTotal = 0, churnedTotal = 0;
        for (int k = BACKTEST_MONTHS - 1; k >= 0; k--) {
            int x = m - BACKTEST_HORIZON - k;
            YearMonth month = months.month(0).plusMonths(x);
            int healthy = 0, stillActive = 0, atRisk = 0, churned = 0;
            if (x >= 0) {
                for (AccountResult result : accounts) {
                    Band band = result.band(x);
                    boolean activeLater = result.facts().mrr(x + BACKTEST_HORIZON) > 0;
                    if (band == Band.HEALTHY) {
                        healthy++;
                        stillActive += activeLater ? 1 : 0;
                    } else if (band == Band.AT_RISK) {
                        atRisk++;
                        churned += activeLater ? 0 : 1;
                    }
                }
            }
            rows.add(new AccuracyMonth(month.toString(), healthy, ratio(stillActive, healthy), atRisk, ratio(churned, atRisk)));
            healthyTotal += healthy;
            stillActiveTotal += stillActive;
            atRiskTotal += atRisk;
            churnedTotal += churned;
        }
        return new HealthAccuracy(rows, new AccuracyTotal(healthyTotal, ratio(stillActiveTotal, healthyTotal),
                ratio(healthyTotal - stillActiveTotal, healthyTotal), atRiskTotal, ratio(churnedTotal, atRiskTotal)));
    }

    private static CsmLoad csmLoad(List<AccountResult> accounts, int m) {
        Map<String, double[]> books = new TreeMap<>();
        int active = 0;
        for (AccountResult result : accounts) {
            AccountFacts a = result.facts();
            if (!a.active(m)) {
                continue;
            }
            active++;
            if (a.csmEmail != null && !a.csmEmail.isBlank()) {
                double[] book = books.computeIfAbsent(a.csmEmail, k -> new double[2]);
                book[0]++;
                book[1] += 12 * a.mrr[m];
            }
        }
        List<CsmBook> csms = new ArrayList<>();
        books.forEach((email, book) -> csms.add(new CsmBook(email, (int) book[0], book[1])));
        return new CsmLoad(csms, active, csms.size(), csms.isEmpty() ? null : (double) active / csms.size());
    }

    // --- alerts --------------------------------------------------------------------------------

    /** The alerts {@code model}'s rules raise at M on an already scored book (its scores do not depend on the rules). */
    public static List<AlertHit> alerts(Scored scored, HealthModel model) {
        return alerts(scored.months(), scored.accounts(), model);
    }

    private static List<AlertHit> alerts(Months months, List<AccountResult> accounts, HealthModel model) {
        int m = months.count() - 1;
        LocalDate d = months.lastDate(m);
        List<AlertHit> hits = new ArrayList<>();
        for (AccountResult result : accounts) {
            AccountFacts a = result.facts();
            if (!a.active(m)) {
                continue;
            }
            Double trend = result.measures().get(Measure.USAGE_TREND);
            Double days = result.measures().get(Measure.DAYS_SINCE_CONTACT);
            Band band = result.band(m);
            AlertRules.Inputs inputs = new AlertRules.Inputs(result.health(m), result.health(m - 1),
                    band == Band.AT_RISK, band == Band.HEALTHY, band == null ? null : band.label(), trend,
                    a.lowestNps30[m] == AccountFacts.NO_SCORE ? null : a.lowestNps30[m], a.renewalDate,
                    days == null ? null : days.intValue(), a.customerSince, d);
            for (AlertSetting setting : model.alerts()) {
                if (setting.enabled()) {
                    String detail = AlertRules.evaluate(setting, inputs);
                    if (detail != null) {
                        hits.add(new AlertHit(a.id, setting.rule(), detail));
                    }
                }
            }
        }
        return hits;
    }
}
