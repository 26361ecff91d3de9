package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.List;

/** CSM activity facts for every month of one account at a time: last contact by D, contact in M, QBR in (D−90, D]. */
public final class ActivityWindows {

    private final Months months;
    private final List<int[]> activities = new ArrayList<>();

    public ActivityWindows(Months months) {
        this.months = months;
    }

    public void add(int day, boolean qbr) {
        activities.add(new int[] { day, qbr ? 1 : 0 });
    }

    public void finish(AccountFacts facts) {
        for (int i = 0; i < months.count(); i++) {
            int d = months.lastDay(i);
            int first = months.firstDay(i);
            for (int[] activity : activities) {
                int day = activity[0];
                if (day > d) {
                    continue;
                }
                facts.lastContactDay[i] = Math.max(facts.lastContactDay[i], day);
                if (day >= first) {
                    facts.contactedInMonth[i] = true;
                }
                if (activity[1] == 1 && day > d - 90) {
                    facts.qbrIn90Days[i] = true;
                }
            }
        }
        activities.clear();
    }
}
