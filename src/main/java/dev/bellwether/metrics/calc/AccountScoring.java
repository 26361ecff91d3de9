package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.bellwether.health.HealthCalculator;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/**
 * docs/metrics.md's account measures and health, month by month: each account's seven measures at
 * every month end, its score in every month it was active (carrying forward the last known
 * values where the model says so), and its engagement figures at M.
 */
final class AccountScoring {

    private static final Measure[] MEASURES = Measure.values();

    private AccountScoring() {
    }

    /** Every account of the book, scored with {@code model}, in the facts' order. */
    static List<AccountResult> score(TenantFacts facts, HealthModel model) {
        List<AccountResult> accounts = new ArrayList<>(facts.accounts().size());
        for (AccountFacts account : facts.accounts()) {
            accounts.add(account(account, facts.months(), facts.tenantFeatures(), model));
        }
        return accounts;
    }

    static AccountResult account(AccountFacts a, Months months, int[] tenantFeatures, HealthModel model) {
        return account(a, months, tenantFeatures, model, null, 0);
    }

    /**
     * An account scored again from month {@code from} on: the scores of the months before are
     * {@code before}'s (the same facts, attributes and model scored them), the measures of those
     * months are still worked out for the last known values they carry forward.
     */
    static AccountResult account(AccountFacts a, Months months, int[] tenantFeatures, HealthModel model,
            Score[] before, int from) {
        int n = months.count();
        Score[] scores = new Score[n];
        // each measure's value this month and its last value in an earlier month, NaN for none: every
        // month is worked out (for the values carried forward), only the scored ones become maps
        double[] values = new double[MEASURES.length];
        double[] lastKnown = new double[MEASURES.length];
        Arrays.fill(lastKnown, Double.NaN);
        for (int i = 0; i < n; i++) {
            measures(a, i, months, values);
            if (before != null && i < from) {
                scores[i] = before[i];
            } else if (a.active(i)) {
                scores[i] = HealthCalculator.score(model, a.segment, map(values), measure -> value(lastKnown, measure));
            }
            for (int k = 0; k < values.length; k++) {
                if (!Double.isNaN(values[k])) {
                    lastKnown[k] = values[k];
                }
            }
        }
        int m = n - 1;
        Integer mau = a.mau[m];
        Double dauMau = a.mau[m] > 0 ? a.activeUserDays[m] / 30.0 / a.mau[m] * 100 : null;
        Double adoption = Ratios.ratio(a.features30[m], tenantFeatures[m]);
        return new AccountResult(a, scores, map(values), mau, dauMau, adoption);
    }

    /**
     * A previous result of an account whose facts did not change: the same object when its feature
     * adoption at M is unchanged too, else the same scores with the new adoption.
     */
    static AccountResult reuse(AccountResult previous, Months months, int[] tenantFeatures) {
        int m = months.count() - 1;
        AccountFacts a = previous.facts();
        Double adoption = Ratios.ratio(a.features30[m], tenantFeatures[m]);
        return java.util.Objects.equals(adoption, previous.featureAdoption()) ? previous
                : new AccountResult(a, previous.scores(), previous.measures(), previous.mau(), previous.dauMau(),
                        adoption);
    }

    /** The seven measures of an account at month i; null where undefined. */
    static Map<Measure, Double> measures(AccountFacts a, int i, Months months) {
        double[] values = new double[MEASURES.length];
        measures(a, i, months, values);
        return map(values);
    }

    /**
     * The seven measures of an account at month i into {@code values}, by ordinal; NaN where undefined. A percentage
     * of counts is 100 × n / d, one rounding (n / d × 100 rounds twice): a score equal on paper to another's must be
     * equal to the last bit, or an AUC counts a tie as a win or a loss (the contract's sample has one).
     */
    private static void measures(AccountFacts a, int i, Months months, double[] values) {
        values[Measure.SEAT_UTILIZATION.ordinal()] =
                a.licensedSeats != null && a.licensedSeats > 0 ? 100.0 * a.mau[i] / a.licensedSeats : Double.NaN;
        values[Measure.USAGE_TREND.ordinal()] = a.eventsPrior30[i] > 0
                ? 100.0 * (a.events30[i] - a.eventsPrior30[i]) / a.eventsPrior30[i] : Double.NaN;
        values[Measure.DAYS_SINCE_CONTACT.ordinal()] = a.lastContactDay[i] == AccountFacts.NO_DAY ? Double.NaN
                : (double) (months.lastDay(i) - a.lastContactDay[i]);
        values[Measure.OPEN_TICKETS.ordinal()] = a.openTickets[i];
        values[Measure.NPS.ordinal()] = a.npsAnswers180[i] > 0
                ? (double) (a.npsPromoters180[i] - a.npsDetractors180[i]) / a.npsAnswers180[i] * 100 : Double.NaN;
        values[Measure.CSAT.ordinal()] =
                a.csatAnswers180[i] > 0 ? 100.0 * a.csatGood180[i] / a.csatAnswers180[i] : Double.NaN;
        double before = a.mrr(i - 3);
        values[Measure.MRR_CHANGE_3M.ordinal()] = before > 0 ? 100 * (a.mrr(i) - before) / before : Double.NaN;
    }

    /** The measures as the health calculator takes them: every measure, null where undefined. */
    private static Map<Measure, Double> map(double[] values) {
        Map<Measure, Double> map = new EnumMap<>(Measure.class);
        for (Measure measure : MEASURES) {
            map.put(measure, value(values, measure));
        }
        return map;
    }

    private static Double value(double[] values, Measure measure) {
        double value = values[measure.ordinal()];
        return Double.isNaN(value) ? null : value;
    }
}
