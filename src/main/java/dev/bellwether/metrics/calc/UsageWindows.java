package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage facts of docs/metrics.md for every month of one account at a time: MAU, active user-days (for
 * DAU/MAU), events in (D−30, D] and (D−60, D−30], features used; plus the tenant's features per
 * month. Rows arrive in day order; "used" means events > 0, and "(none)" counts as a feature.
 * Users (per account) and features (per tenant) are numbered as they come, so that a window's
 * distinct users and features are unions of bit sets rather than of sets of strings. They are
 * told apart by their UTF-8 bytes as the database sends them: decoding millions of repeated ids
 * into strings took a quarter of the read. The rows with events of the last 60 days before the last
 * month's end are kept with the account's facts ({@link UsageTail}) for the next run.
 */
public final class UsageWindows {

    private final Months months;
    private final Map<Utf8, Integer> features = new HashMap<>();
    private final BitSet[] tenantFeatures;
    private final List<byte[]> featureBytes = new ArrayList<>();
    private final Map<Utf8, Integer> users = new HashMap<>();
    private final List<byte[]> userBytes = new ArrayList<>();
    private final List<Day> days = new ArrayList<>();
    /** The rows after this day (the last month's last day − 60) are kept as the account's {@link UsageTail}. */
    private final int tailAfter;
    private final UsageTail.Builder tail = new UsageTail.Builder();

    private static final class Day {
        final int day;
        final BitSet users = new BitSet();
        final BitSet features = new BitSet();
        long events;

        Day(int day) {
            this.day = day;
        }
    }

    public UsageWindows(Months months) {
        this.months = months;
        this.tailAfter = months.lastDay(months.count() - 1) - 60;
        this.tenantFeatures = new BitSet[months.count()];
        for (int i = 0; i < months.count(); i++) {
            tenantFeatures[i] = new BitSet();
        }
    }

    /** One usage row of the current account (user and feature in UTF-8); rows come in ascending day order. */
    public void add(int day, byte[] user, byte[] feature, long events) {
        Day last = days.isEmpty() ? null : days.get(days.size() - 1);
        if (last == null || last.day != day) {
            last = new Day(day);
            days.add(last);
        }
        last.events += events;
        if (events > 0) {
            int u = number(users, userBytes, user);
            int f = number(features, featureBytes, feature);
            last.users.set(u);
            last.features.set(f);
            if (day > tailAfter) {
                tail.add(day, userBytes.get(u), featureBytes.get(f), events);
            }
        }
    }

    /** The number of a user or feature, numbered as they come; the bytes first seen are kept for the tail. */
    private static int number(Map<Utf8, Integer> numbers, List<byte[]> bytes, byte[] value) {
        Integer known = numbers.putIfAbsent(new Utf8(value), numbers.size());
        if (known != null) {
            return known;
        }
        bytes.add(value);
        return bytes.size() - 1;
    }

    /** Writes the current account's facts and starts on the next account. */
    public void finish(AccountFacts facts) {
        BitSet windowUsers = new BitSet();
        BitSet windowFeatures = new BitSet();
        for (int i = 0; i < months.count(); i++) {
            int d = months.lastDay(i);
            windowUsers.clear();
            windowFeatures.clear();
            int userDays = 0;
            long recent = 0;
            long prior = 0;
            for (int k = firstAfter(d - 60); k < days.size() && days.get(k).day <= d; k++) {
                Day day = days.get(k);
                if (day.day > d - 30) {
                    recent += day.events;
                    windowUsers.or(day.users);
                    windowFeatures.or(day.features);
                    userDays += day.users.cardinality();
                } else {
                    prior += day.events;
                }
            }
            facts.mau[i] = windowUsers.cardinality();
            facts.activeUserDays[i] = userDays;
            facts.events30[i] = recent;
            facts.eventsPrior30[i] = prior;
            facts.features30[i] = windowFeatures.cardinality();
            tenantFeatures[i].or(windowFeatures);
        }
        facts.usageTail = tail.build();
        days.clear();
        users.clear();
        userBytes.clear();
    }

    /** Distinct features used by any account in (D−30, D], per month. */
    public int[] tenantFeatureCounts() {
        int[] counts = new int[tenantFeatures.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = tenantFeatures[i].cardinality();
        }
        return counts;
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

    /** A value's UTF-8 bytes, equal to another's when the bytes are (and so when the strings are). */
    static final class Utf8 {
        private final byte[] bytes;
        private final int hash;

        Utf8(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Utf8 that && hash == that.hash && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
