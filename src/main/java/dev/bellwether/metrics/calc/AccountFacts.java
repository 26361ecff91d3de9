package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the engine knows about one account: its attributes (current values serve every month:
 * they have no history) and, per month index, the facts of docs/metrics.md's windows ending at that
 * month's last day D. Filled by the windows in this package, read by {@link MetricsEngine}.
 */
public final class AccountFacts {

    /** No activity on or before D. */
    public static final int NO_DAY = Integer.MIN_VALUE;
    /** No NPS answer in the window. */
    public static final int NO_SCORE = Integer.MAX_VALUE;

    public final String id;
    public final String name;
    public final String segment;
    public final String csmEmail;
    public final LocalDate customerSince;
    public final LocalDate renewalDate;
    public final Integer licensedSeats;
    public final LocalDate firstValueDate;
    /** The account's industry and plan (free text, null when absent): breakdown attributes only. */
    public String industry;
    public String plan;

    /** mrr(a, m); 0 when there is no row. */
    public final double[] mrr;

    /** Distinct users with events in (D−30, D]. */
    public final int[] mau;
    /** Σ over the 30 days of (D−30, D] of that day's distinct active users. */
    public final int[] activeUserDays;
    /** Σ events in (D−30, D] and in (D−60, D−30]. */
    public final long[] events30;
    public final long[] eventsPrior30;
    /** Distinct features used in (D−30, D]. */
    public final int[] features30;

    /** NPS and CSAT answers in (D−180, D] (the account windows). */
    public final int[] npsPromoters180;
    public final int[] npsDetractors180;
    public final int[] npsAnswers180;
    public final int[] csatGood180;
    public final int[] csatAnswers180;
    /** NPS, CSAT and CES answers in (D−90, D] (the tenant windows, summed over accounts). */
    public final int[] npsPromoters90;
    public final int[] npsDetractors90;
    public final int[] npsAnswers90;
    public final int[] csatGood90;
    public final int[] csatAnswers90;
    public final int[] cesSum90;
    public final int[] cesAnswers90;
    /** NPS answers dated in the calendar month itself (cohorts' NPS by month). */
    public final int[] npsPromotersInMonth;
    public final int[] npsDetractorsInMonth;
    public final int[] npsAnswersInMonth;
    /** Lowest NPS score answered in (D−30, D], or {@link #NO_SCORE}. */
    public final int[] lowestNps30;

    /** Tickets opened by D and not resolved by D; of those, without a first response by D. */
    public final int[] openTickets;
    public final int[] unansweredTickets;
    /** Hours from opening to resolution of the tickets resolved in the month. */
    public final double[][] resolutionHours;
    /** Tickets resolved in the month with resolved_on_first_contact true, and with the flag present. */
    public final int[] firstContactResolved;
    public final int[] firstContactFlagged;

    /** The latest activity dated on or before D (epoch day), or {@link #NO_DAY}. */
    public final int[] lastContactDay;
    /** An activity dated in the month. */
    public final boolean[] contactedInMonth;
    /** A QBR in (D−90, D]. */
    public final boolean[] qbrIn90Days;

    /** Renewal opportunities closed won or lost, with a close date. */
    public final List<ClosedRenewal> closedRenewals = new ArrayList<>();
    /** Σ amount of open expansion opportunities, whatever their close date. */
    public double openExpansion;

    /** A closed renewal opportunity. */
    public record ClosedRenewal(LocalDate closeDate, boolean won) {
    }

    public AccountFacts(String id, String name, String segment, String csmEmail, LocalDate customerSince,
            LocalDate renewalDate, Integer licensedSeats, LocalDate firstValueDate, int months) {
        this.id = id;
        this.name = name;
        this.segment = segment;
        this.csmEmail = csmEmail;
        this.customerSince = customerSince;
        this.renewalDate = renewalDate;
        this.licensedSeats = licensedSeats;
        this.firstValueDate = firstValueDate;
        mrr = new double[months];
        mau = new int[months];
        activeUserDays = new int[months];
        events30 = new long[months];
        eventsPrior30 = new long[months];
        features30 = new int[months];
        npsPromoters180 = new int[months];
        npsDetractors180 = new int[months];
        npsAnswers180 = new int[months];
        csatGood180 = new int[months];
        csatAnswers180 = new int[months];
        npsPromoters90 = new int[months];
        npsDetractors90 = new int[months];
        npsAnswers90 = new int[months];
        csatGood90 = new int[months];
        csatAnswers90 = new int[months];
        cesSum90 = new int[months];
        cesAnswers90 = new int[months];
        npsPromotersInMonth = new int[months];
        npsDetractorsInMonth = new int[months];
        npsAnswersInMonth = new int[months];
        lowestNps30 = new int[months];
        Arrays.fill(lowestNps30, NO_SCORE);
        openTickets = new int[months];
        unansweredTickets = new int[months];
        resolutionHours = new double[months][];
        Arrays.fill(resolutionHours, new double[0]);
        firstContactResolved = new int[months];
        firstContactFlagged = new int[months];
        lastContactDay = new int[months];
        Arrays.fill(lastContactDay, NO_DAY);
        contactedInMonth = new boolean[months];
        qbrIn90Days = new boolean[months];
    }

    /** Active in month m: mrr(a, m) > 0. Months outside the data are inactive. */
    public boolean active(int month) {
        return month >= 0 && month < mrr.length && mrr[month] > 0;
    }

    /** mrr(a, m), 0 outside the data. */
    public double mrr(int month) {
        return month >= 0 && month < mrr.length ? mrr[month] : 0;
    }
}
