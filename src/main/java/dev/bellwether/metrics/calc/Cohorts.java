package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * docs/metrics.md's cohorts: accounts grouped by their first month with MRR, and for k = 0..23 months
 * later the share of the cohort still paying (logos) and of its starting MRR paid (revenue), the
 * share with a first value date by the month's last day (activation), and the NPS of the answers
 * its accounts gave in that month (null without answers).
 */
final class Cohorts {

    static final int COHORT_MONTHS = 24;

    private Cohorts() {
    }

    static List<Cohort> of(Months months, List<AccountResult> accounts) {
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
        byFirstMonth.forEach((first, members) -> cohorts.add(cohort(months, first, members)));
        return cohorts;
    }

    private static Cohort cohort(Months months, int first, List<AccountFacts> members) {
        double starting = Ratios.amount(members.stream().mapToDouble(a -> a.mrr[first]).sum());
        List<Double> logos = new ArrayList<>();
        List<Double> revenue = new ArrayList<>();
        List<Double> activation = new ArrayList<>();
        List<Double> nps = new ArrayList<>();
        for (int k = 0; k < COHORT_MONTHS; k++) {
            int i = first + k;
            if (i >= months.count()) {
                logos.add(null);
                revenue.add(null);
                activation.add(null);
                nps.add(null);
            } else {
                logos.add(members.stream().filter(a -> a.mrr[i] > 0).count() * 100.0 / members.size());
                revenue.add(Ratios.money(starting, members.stream().mapToDouble(a -> a.mrr[i]).toArray()));
                activation.add(activation(members, months.lastDay(i)));
                nps.add(nps(members, i));
            }
        }
        return new Cohort(months.month(first).toString(), members.size(), starting, logos, revenue, activation, nps);
    }

    /** Members with a first value date on or before {@code day} (epoch) / members × 100. */
    static double activation(List<AccountFacts> members, int day) {
        long activated = members.stream()
                .filter(a -> a.firstValueDate != null && a.firstValueDate.toEpochDay() <= day).count();
        return activated * 100.0 / members.size();
    }

    /** NPS of the members' answers dated in month {@code i}; null without answers. */
    static Double nps(List<AccountFacts> members, int i) {
        int answers = 0;
        int net = 0;
        for (AccountFacts a : members) {
            answers += a.npsAnswersInMonth[i];
            net += a.npsPromotersInMonth[i] - a.npsDetractorsInMonth[i];
        }
        return answers == 0 ? null : (double) net / answers * 100;
    }
}
