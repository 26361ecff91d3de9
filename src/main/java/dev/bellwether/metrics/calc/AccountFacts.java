package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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

    /**
     * The usage rows with events in the 60 days before the last month's D, null when there are none:
     * what the next recalculation takes instead of reading them again ({@link UsageTail}).
     */
    public UsageTail usageTail;

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

    /**
     * Whether {@code other} has this account's id, attributes, closed renewals and open expansion:
     * everything a month's book figures read of an account besides that month's own facts and score.
     */
    boolean sameAttributes(AccountFacts other) {
        return this == other || id.equals(other.id) && Objects.equals(name, other.name)
                && Objects.equals(segment, other.segment) && Objects.equals(csmEmail, other.csmEmail)
                && Objects.equals(customerSince, other.customerSince) && Objects.equals(renewalDate, other.renewalDate)
                && Objects.equals(licensedSeats, other.licensedSeats)
                && Objects.equals(firstValueDate, other.firstValueDate) && Objects.equals(industry, other.industry)
                && Objects.equals(plan, other.plan) && closedRenewals.equals(other.closedRenewals)
                && Double.compare(openExpansion, other.openExpansion) == 0;
    }

    /**
     * An account whose inputs changed from month {@code from} on: its months before {@code from} as
     * {@code before} has them, its months from {@code from} on and its attributes, renewals and open
     * expansion as {@code after} has them. {@code after} was read with only the rows the windows of
     * months {@code from} onward look at; the one window reaching further back is the last contact:
     * without an activity in what was read up to D, the last contact is the one {@code before} knew
     * at month {@code from − 1} (nothing dated before {@code from} changed).
     */
    static AccountFacts splice(AccountFacts before, AccountFacts after, int from) {
        int n = after.mrr.length;
        AccountFacts a = new AccountFacts(after.id, after.name, after.segment, after.csmEmail, after.customerSince,
                after.renewalDate, after.licensedSeats, after.firstValueDate, n);
        a.industry = after.industry;
        a.plan = after.plan;
        a.closedRenewals.addAll(after.closedRenewals);
        a.openExpansion = after.openExpansion;
        a.usageTail = after.usageTail;
        copy(before.mrr, after.mrr, a.mrr, from);
        copy(before.mau, after.mau, a.mau, from);
        copy(before.activeUserDays, after.activeUserDays, a.activeUserDays, from);
        copy(before.events30, after.events30, a.events30, from);
        copy(before.eventsPrior30, after.eventsPrior30, a.eventsPrior30, from);
        copy(before.features30, after.features30, a.features30, from);
        copy(before.npsPromoters180, after.npsPromoters180, a.npsPromoters180, from);
        copy(before.npsDetractors180, after.npsDetractors180, a.npsDetractors180, from);
        copy(before.npsAnswers180, after.npsAnswers180, a.npsAnswers180, from);
        copy(before.csatGood180, after.csatGood180, a.csatGood180, from);
        copy(before.csatAnswers180, after.csatAnswers180, a.csatAnswers180, from);
        copy(before.npsPromoters90, after.npsPromoters90, a.npsPromoters90, from);
        copy(before.npsDetractors90, after.npsDetractors90, a.npsDetractors90, from);
        copy(before.npsAnswers90, after.npsAnswers90, a.npsAnswers90, from);
        copy(before.csatGood90, after.csatGood90, a.csatGood90, from);
        copy(before.csatAnswers90, after.csatAnswers90, a.csatAnswers90, from);
        copy(before.cesSum90, after.cesSum90, a.cesSum90, from);
        copy(before.cesAnswers90, after.cesAnswers90, a.cesAnswers90, from);
        copy(before.npsPromotersInMonth, after.npsPromotersInMonth, a.npsPromotersInMonth, from);
        copy(before.npsDetractorsInMonth, after.npsDetractorsInMonth, a.npsDetractorsInMonth, from);
        copy(before.npsAnswersInMonth, after.npsAnswersInMonth, a.npsAnswersInMonth, from);
        copy(before.lowestNps30, after.lowestNps30, a.lowestNps30, from);
        copy(before.openTickets, after.openTickets, a.openTickets, from);
        copy(before.unansweredTickets, after.unansweredTickets, a.unansweredTickets, from);
        System.arraycopy(before.resolutionHours, 0, a.resolutionHours, 0, from);
        System.arraycopy(after.resolutionHours, from, a.resolutionHours, from, n - from);
        copy(before.firstContactResolved, after.firstContactResolved, a.firstContactResolved, from);
        copy(before.firstContactFlagged, after.firstContactFlagged, a.firstContactFlagged, from);
        copy(before.lastContactDay, after.lastContactDay, a.lastContactDay, from);
        if (from > 0) {
            for (int i = from; i < n; i++) {
                if (a.lastContactDay[i] == NO_DAY) {
                    a.lastContactDay[i] = before.lastContactDay[from - 1];
                }
            }
        }
        System.arraycopy(before.contactedInMonth, 0, a.contactedInMonth, 0, from);
        System.arraycopy(after.contactedInMonth, from, a.contactedInMonth, from, n - from);
        System.arraycopy(before.qbrIn90Days, 0, a.qbrIn90Days, 0, from);
        System.arraycopy(after.qbrIn90Days, from, a.qbrIn90Days, from, n - from);
        return a;
    }

    private static void copy(int[] before, int[] after, int[] into, int from) {
        System.arraycopy(before, 0, into, 0, from);
        System.arraycopy(after, from, into, from, into.length - from);
    }

    private static void copy(long[] before, long[] after, long[] into, int from) {
        System.arraycopy(before, 0, into, 0, from);
        System.arraycopy(after, from, into, from, into.length - from);
    }

    private static void copy(double[] before, double[] after, double[] into, int from) {
        System.arraycopy(before, 0, into, 0, from);
        System.arraycopy(after, from, into, from, into.length - from);
    }
}
