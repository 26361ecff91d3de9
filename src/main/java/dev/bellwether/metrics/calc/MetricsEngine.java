package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bellwether.alerts.AlertRules;
import dev.bellwether.health.AlertRule;
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

    /** An alert rule that holds for an account at M, and why. */
    public record AlertHit(String accountId, AlertRule rule, String detail) {
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
        List<TenantMetrics> tenant = scope(months, accounts);
        // each breakdown's members gathered in one pass, not one scan of the whole book per CSM
        Map<String, List<AccountResult>> segments = new TreeMap<>();
        Map<String, List<AccountResult>> csms = new TreeMap<>();
        for (AccountResult account : accounts) {
            segments.computeIfAbsent(account.facts().segment, s -> new ArrayList<>()).add(account);
            csms.computeIfAbsent(csmKey(account.facts()), c -> new ArrayList<>()).add(account);
        }
        Map<String, List<TenantMetrics>> bySegment = new TreeMap<>();
        segments.forEach((segment, members) -> bySegment.put(segment, scope(months, members)));
        Map<String, List<TenantMetrics>> byCsm = new TreeMap<>();
        csms.forEach((csm, members) -> byCsm.put(csm, scope(months, members)));
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

    /** One month's revenue movements over a set of accounts. */
    private record Revenue(double starting, double fresh, double reactivation, double expansion, double contraction,
            double churned, double ending, int atStart, int active, int churnedLogos, int upsellLogos) {

        Double logoChurnRate() {
            return atStart == 0 ? null : (double) churnedLogos / atStart * 100;
        }
    }

    private static List<TenantMetrics> scope(Months months, List<AccountResult> accounts) {
        int n = months.count();
        Revenue[] revenue = new Revenue[n];
        for (int i = 0; i < n; i++) {
            revenue[i] = revenue(accounts, i);
        }
        List<TenantMetrics> metrics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            metrics.add(month(months, accounts, revenue, i));
        }
        return metrics;
    }

    private static Revenue revenue(List<AccountResult> accounts, int i) {
        double starting = 0, fresh = 0, reactivation = 0, expansion = 0, contraction = 0, churned = 0, ending = 0;
        int atStart = 0, active = 0, churnedLogos = 0, upsell = 0;
        for (AccountResult r : accounts) {
            AccountFacts a = r.facts();
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
                if (activeBefore(a, i - 1)) {
                    reactivation += now;
                } else {
                    fresh += now;
                }
            } else if (before > 0 && now > 0) {
                if (now > before) {
                    expansion += now - before;
                    upsell++;
                } else if (now < before) {
                    contraction += before - now;
                }
            } else if (before > 0) {
                churned += before;
                churnedLogos++;
            }
        }
        return new Revenue(starting, fresh, reactivation, expansion, contraction, churned, ending, atStart, active,
                churnedLogos, upsell);
    }

    /** Active in some month before {@code month}. */
    private static boolean activeBefore(AccountFacts a, int month) {
        for (int i = 0; i < month; i++) {
            if (a.mrr[i] > 0) {
                return true;
            }
        }
        return false;
    }

    private static TenantMetrics month(Months months, List<AccountResult> accounts, Revenue[] revenue, int i) {
        Revenue r = revenue[i];
        LocalDate d = months.lastDate(i);
        Double grr = ratio(r.starting - r.churned - r.contraction, r.starting);
        Double nrr = ratio(r.starting + r.expansion - r.churned - r.contraction, r.starting);
        Double logoChurn = r.logoChurnRate();
        Double arpa = r.active == 0 ? null : r.ending / r.active;
        double churnSum = 0;
        int churnMonths = 0;
        for (int k = Math.max(0, i - 11); k <= i; k++) {
            Double rate = revenue[k].logoChurnRate();
            if (rate != null) {
                churnSum += rate;
                churnMonths++;
            }
        }
        double meanChurn = churnMonths == 0 ? 0 : churnSum / churnMonths;
        Double clv = arpa == null || churnMonths == 0 || meanChurn == 0 ? null : arpa / (meanChurn / 100);

        double base12 = 0, now12 = 0, kept12 = 0;
        int promoters = 0, detractors = 0, npsAnswers = 0, csatGood = 0, csatAnswers = 0, cesSum = 0, cesAnswers = 0;
        int healthy = 0, attention = 0, atRisk = 0, unscored = 0, contacted = 0, overdue = 0, unanswered = 0;
        int fcrTrue = 0, fcrFlagged = 0, activationBase = 0, activated = 0, renewalsWon = 0, renewalsClosed = 0;
        double pipeline = 0;
        List<Double> hours = new ArrayList<>();
        List<Double> ttfv = new ArrayList<>();
        LocalDate renewalFrom = months.month(i).minusMonths(11).atDay(1);
        for (AccountResult result : accounts) {
            AccountFacts a = result.facts();
            double then = a.mrr(i - 12);
            if (then > 0) {
                base12 += then;
                now12 += a.mrr(i);
                kept12 += Math.min(a.mrr(i), then);
            }
            promoters += a.npsPromoters90[i];
            detractors += a.npsDetractors90[i];
            npsAnswers += a.npsAnswers90[i];
            csatGood += a.csatGood90[i];
            csatAnswers += a.csatAnswers90[i];
            cesSum += a.cesSum90[i];
            cesAnswers += a.cesAnswers90[i];
            unanswered += a.unansweredTickets[i];
            for (double h : a.resolutionHours[i]) {
                hours.add(h);
            }
            fcrTrue += a.firstContactResolved[i];
            fcrFlagged += a.firstContactFlagged[i];
            pipeline += a.openExpansion;
            if (a.active(i)) {
                Band band = result.band(i);
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
            if (a.firstValueDate != null && a.customerSince != null && !a.firstValueDate.isAfter(d)) {
                ttfv.add((double) ChronoUnit.DAYS.between(a.customerSince, a.firstValueDate));
            }
            if (a.customerSince != null && !a.customerSince.isAfter(d.minusDays(30))) {
                activationBase++;
                if (a.firstValueDate != null && !a.firstValueDate.isAfter(a.customerSince.plusDays(30))) {
                    activated++;
                }
            }
            for (AccountFacts.ClosedRenewal renewal : a.closedRenewals) {
                if (!renewal.closeDate().isBefore(renewalFrom) && !renewal.closeDate().isAfter(d)) {
                    renewalsClosed++;
                    if (renewal.won()) {
                        renewalsWon++;
                    }
                }
            }
        }
        int scored = healthy + attention + atRisk;
        return new TenantMetrics(months.month(i).toString(),
                r.starting, r.fresh, r.reactivation, r.expansion, r.contraction, r.churned, r.ending, 12 * r.ending,
                grr, nrr, ratio(r.churned + r.contraction, r.starting), ratio(r.expansion, r.starting),
                r.atStart, r.active, logoChurn, logoChurn == null ? null : 100 - logoChurn,
                r.atStart == 0 ? null : (double) r.upsellLogos / r.atStart * 100,
                arpa, clv, ratio(now12, base12), ratio(kept12, base12),
                npsAnswers == 0 ? null : (double) (promoters - detractors) / npsAnswers * 100,
                ratio(csatGood, csatAnswers),
                cesAnswers == 0 ? null : (double) cesSum / cesAnswers,
                ratio(healthy, scored), healthy, attention, atRisk, unscored,
                ratio(contacted, r.active), overdue, unanswered, median(hours), ratio(fcrTrue, fcrFlagged),
                median(ttfv), ratio(activated, activationBase), ratio(renewalsWon, renewalsClosed), pipeline);
    }

    /** numerator / denominator × 100, undefined (null) when the denominator is 0. */
    static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : numerator / denominator * 100;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
            AlertRules.Inputs inputs = new AlertRules.Inputs(result.health(m), result.health(m - 1), result.band(m), trend,
                    a.lowestNps30[m] == AccountFacts.NO_SCORE ? null : a.lowestNps30[m], a.renewalDate,
                    days == null ? null : days.intValue(), a.customerSince, d);
            for (HealthModel.AlertSetting setting : model.alerts()) {
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
