package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.List;

/**
 * Ticket facts for every month of one account at a time. "By D" means before 00:00 UTC of D+1;
 * "in M" means a UTC date within the month. Timestamps are epoch seconds; null when absent.
 */
public final class TicketWindows {

    private static final long DAY = 86_400;

    private final Months months;
    private final List<Ticket> tickets = new ArrayList<>();

    private record Ticket(long opened, Long firstResponse, Long resolved, Boolean firstContact) {
    }

    public TicketWindows(Months months) {
        this.months = months;
    }

    public void add(long opened, Long firstResponse, Long resolved, Boolean resolvedOnFirstContact) {
        tickets.add(new Ticket(opened, firstResponse, resolved, resolvedOnFirstContact));
    }

    public void finish(AccountFacts facts) {
        for (int i = 0; i < months.count(); i++) {
            long end = (months.lastDay(i) + 1L) * DAY;
            long start = months.firstDay(i) * DAY;
            List<Double> hours = new ArrayList<>();
            for (Ticket t : tickets) {
                if (t.opened < end && (t.resolved == null || t.resolved >= end)) {
                    facts.openTickets[i]++;
                    if (t.firstResponse == null || t.firstResponse >= end) {
                        facts.unansweredTickets[i]++;
                    }
                }
                if (t.resolved != null && t.resolved >= start && t.resolved < end) {
                    hours.add((t.resolved - t.opened) / 3600.0);
                    if (t.firstContact != null) {
                        facts.firstContactFlagged[i]++;
                        if (t.firstContact) {
                            facts.firstContactResolved[i]++;
                        }
                    }
                }
            }
            facts.resolutionHours[i] = hours.stream().mapToDouble(Double::doubleValue).toArray();
        }
        tickets.clear();
    }
}
