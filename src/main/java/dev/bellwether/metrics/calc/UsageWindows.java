package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Usage facts of metrics.md for every month of one account at a time: MAU, active user-days (for
 * DAU/MAU), events in (D−30, D] and (D−60, D−30], features used; plus the tenant's features per
 * month. Rows arrive in day order; "used" means events > 0, and "(none)" counts as a feature.
 */
public final class UsageWindows {

    private final Months months;
    private final List<Set<String>> tenantFeatures = new ArrayList<>();
    private final List<Day> days = new ArrayList<>();

    private static final class Day {
        final int day;
        final Set<String> users = new HashSet<>(4);
        final Set<String> features = new HashSet<>(4);
        long events;

        Day(int day) {
            this.day = day;
        }
    }

    public UsageWindows(Months months) {
        this.months = months;
        for (int i = 0; i < months.count(); i++) {
            tenantFeatures.add(new HashSet<>());
        }
    }

    /** One usage row of the current account; rows come in ascending day order. */
    public void add(int day, String user, String feature, long events) {
        Day last = days.isEmpty() ? null : days.get(days.size() - 1);
        if (last == null || last.day != day) {
            last = new Day(day);
            days.add(last);
        }
        last.events += events;
        if (events > 0) {
            last.users.add(user);
            last.features.add(feature);
        }
    }

    /** Writes the current account's facts and starts on the next account. */
    public void finish(AccountFacts facts) {
        for (int i = 0; i < months.count(); i++) {
            int d = months.lastDay(i);
            Set<String> users = new HashSet<>();
            Set<String> features = new HashSet<>();
            int userDays = 0;
            long recent = 0;
            long prior = 0;
            for (int k = firstAfter(d - 60); k < days.size() && days.get(k).day <= d; k++) {
                Day day = days.get(k);
                if (day.day > d - 30) {
                    recent += day.events;
                    users.addAll(day.users);
                    features.addAll(day.features);
                    userDays += day.users.size();
                } else {
                    prior += day.events;
                }
            }
            facts.mau[i] = users.size();
            facts.activeUserDays[i] = userDays;
            facts.events30[i] = recent;
            facts.eventsPrior30[i] = prior;
            facts.features30[i] = features.size();
            tenantFeatures.get(i).addAll(features);
        }
        days.clear();
    }

    /** Distinct features used by any account in (D−30, D], per month. */
    public int[] tenantFeatureCounts() {
        return tenantFeatures.stream().mapToInt(Set::size).toArray();
    }

    /** Index of the first day strictly after {@code day}. */
    private int firstAfter(int day) {
        int low = 0;
        int high = days.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (days.get(mid).day <= day) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
