package dev.bellwether.metrics.calc;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * One account's usage rows with events of the last 60 days its facts were worked out to: the rows
 * the windows of the reporting month read, in the order they came (day order). The next
 * recalculation, when the change it makes starts at that month or later, reads only the rows dated
 * from then on and takes the days before from here (docs/architecture.md, "Incremental
 * recalculation"): a new month's windows reach 60 days back, so its read would otherwise take two
 * months of usage to score one.
 *
 * <p>Rows without events are left out: they change no window. Users and features are kept as the
 * UTF-8 bytes the windows tell them apart by.
 */
public final class UsageTail {

    private final int[] days;
    private final byte[][] users;
    private final byte[][] features;
    private final long[] events;

    private UsageTail(int[] days, byte[][] users, byte[][] features, long[] events) {
        this.days = days;
        this.users = users;
        this.features = features;
        this.events = events;
    }

    public int size() {
        return days.length;
    }

    /**
     * How many distinct features the accounts' kept rows dated after {@code after} and up to
     * {@code upTo} (epoch days) name: the tenant's features of a month whose 30-day window those rows
     * cover, its last month's, as a read of every account's usage would count them.
     */
    public static int distinctFeatures(Iterable<AccountFacts> accounts, int after, int upTo) {
        Set<UsageWindows.Utf8> seen = new HashSet<>();
        for (AccountFacts account : accounts) {
            UsageTail tail = account.usageTail;
            for (int i = 0; tail != null && i < tail.days.length; i++) {
                if (tail.days[i] > after && tail.days[i] <= upTo) {
                    seen.add(new UsageWindows.Utf8(tail.features[i]));
                }
            }
        }
        return seen.size();
    }

    /** Feeds the rows dated after {@code after} and up to {@code upTo} (epoch days) into {@code windows}. */
    void feed(UsageWindows windows, int after, int upTo) {
        for (int i = 0; i < days.length; i++) {
            if (days[i] > after && days[i] <= upTo) {
                windows.add(days[i], users[i], features[i], events[i]);
            }
        }
    }

    /** Collects an account's rows, in the order they come. */
    static final class Builder {
        private int[] days = new int[16];
        private byte[][] users = new byte[16][];
        private byte[][] features = new byte[16][];
        private long[] events = new long[16];
        private int size;

        void add(int day, byte[] user, byte[] feature, long count) {
            if (size == days.length) {
                int grown = size * 2;
                days = Arrays.copyOf(days, grown);
                users = Arrays.copyOf(users, grown);
                features = Arrays.copyOf(features, grown);
                events = Arrays.copyOf(events, grown);
            }
            days[size] = day;
            users[size] = user;
            features[size] = feature;
            events[size] = count;
            size++;
        }

        /** The rows collected, null when none; then starts over for the next account. */
        UsageTail build() {
            UsageTail tail = size == 0 ? null
                    : new UsageTail(Arrays.copyOf(days, size), Arrays.copyOf(users, size),
                            Arrays.copyOf(features, size), Arrays.copyOf(events, size));
            Arrays.fill(users, 0, size, null);
            Arrays.fill(features, 0, size, null);
            size = 0;
            return tail;
        }
    }
}
