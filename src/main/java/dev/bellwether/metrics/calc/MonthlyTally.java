package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVATION_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVE_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.ARPA;
import static dev.bellwether.metrics.calc.MetricDefinition.ARR;
import static dev.bellwether.metrics.calc.MetricDefinition.AT_RISK_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.CES;
import static dev.bellwether.metrics.calc.MetricDefinition.CHURNED_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CLV;
import static dev.bellwether.metrics.calc.MetricDefinition.CONTACT_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.CONTRACTION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.CSAT;
import static dev.bellwether.metrics.calc.MetricDefinition.CUSTOMERS_AT_START;
import static dev.bellwether.metrics.calc.MetricDefinition.ENDING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_PIPELINE;
import static dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.FCR;
import static dev.bellwether.metrics.calc.MetricDefinition.GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.HEALTHY_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_RETENTION;
import static dev.bellwether.metrics.calc.MetricDefinition.NEEDS_ATTENTION_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.NEW_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.NPS;
import static dev.bellwether.metrics.calc.MetricDefinition.NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.OVERDUE_QBRS;
import static dev.bellwether.metrics.calc.MetricDefinition.PERCENT_HEALTHY;
import static dev.bellwether.metrics.calc.MetricDefinition.REACTIVATION_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.RENEWAL_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.REVENUE_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.STARTING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.T12_GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.T12_NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.TIME_TO_RESOLUTION;
import static dev.bellwether.metrics.calc.MetricDefinition.TTFV;
import static dev.bellwether.metrics.calc.MetricDefinition.UNANSWERED_TICKETS;
import static dev.bellwether.metrics.calc.MetricDefinition.UNSCORED_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.UPSELL_RATE;
import static dev.bellwether.metrics.calc.Ratios.amount;
import static dev.bellwether.metrics.calc.Ratios.money;
import static dev.bellwether.metrics.calc.Ratios.ratio;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.bellwether.health.Band;

/**
 * The sums behind one month's metrics over a set of accounts (the tenant, a segment, a CSM's
 * book), filled account by account with {@link #add}, then turned into that month's
 * {@link TenantMetrics}. Primitive accumulators only: nothing is boxed per account.
 */
final class MonthlyTally {

    /** What an account brings to every month, worked out once. */
    record Account(AccountResult result, int firstActive, long since, long firstValue, boolean expectsQbrs) {

        static final long NONE = Long.MIN_VALUE;

        /** @param qbrSegments the segments whose accounts expect a QBR every 90 days */
        Account(AccountResult result, Set<String> qbrSegments) {
            this(result, firstActive(result.facts()), epochDay(result.facts().customerSince),
                    epochDay(result.facts().firstValueDate), qbrSegments.contains(result.facts().segment));
        }

        AccountFacts facts() {
            return result.facts();
        }

        private static long epochDay(LocalDate date) {
            return date == null ? NONE : date.toEpochDay();
        }

        private static int firstActive(AccountFacts a) {
            int i = 0;
            while (i < a.mrr.length && a.mrr[i] <= 0) {
                i++;
            }
            return i;
        }

        /** Active in some month before {@code month}. */
        boolean activeBefore(int month) {
            return firstActive < month;
        }
    }

    final int month;
    final String label;
    /** The month's last day D and the first day of M−11, as epoch days. */
    final long end;
    final long renewalFrom;
    double starting, fresh, reactivation, expansion, contraction, churned, ending;
    int atStart, active, churnedLogos, upsellLogos;
    double base12, now12, kept12, pipeline;
    int promoters, detractors, npsAnswers, csatGood, csatAnswers, cesSum, cesAnswers;
    int healthy, attention, atRisk, unscored, contacted, overdue, unanswered;
    int fcrTrue, fcrFlagged, activationBase, activated, renewalsWon, renewalsClosed;
    final Doubles hours = new Doubles();
    final Doubles ttfv = new Doubles();

    private MonthlyTally(Months months, int month) {
        this.month = month;
        this.label = months.month(month).toString();
        this.end = months.lastDate(month).toEpochDay();
        this.renewalFrom = months.month(month).minusMonths(11).atDay(1).toEpochDay();
    }

    /** One empty tally per month. */
    static MonthlyTally[] months(Months months) {
        MonthlyTally[] tallies = new MonthlyTally[months.count()];
        for (int i = 0; i < tallies.length; i++) {
            tallies[i] = new MonthlyTally(months, i);
        }
        return tallies;
    }

    /** Adds what {@code account} brings to month {@code i} (this tally's month). */
    void add(Account account, int i) {
        AccountFacts a = account.facts();
        addRevenueMovements(account, a.mrr(i - 1), a.mrr(i), i);
        addTrailingYear(a.mrr(i - 12), a.mrr(i));
        addSurveys(a, i);
        addTickets(a, i);
        pipeline += a.openExpansion;
        if (a.active(i)) {
            addStanding(account, i);
        }
        addOnboarding(account);
        addRenewals(a);
    }

    /** Starting, new, reactivation, expansion, contraction, churned and ending MRR; logos then, now, lost, grown. */
    private void addRevenueMovements(Account account, double before, double now, int i) {
        starting += before;
        ending += now;
        if (now > 0) {
            active++;
        }
        if (before > 0) {
            atStart++;
        }
        if (before == 0 && now > 0) {
            if (account.activeBefore(i - 1)) {
                reactivation += now;
            } else {
                fresh += now;
            }
        } else if (before > 0 && now > 0) {
            if (now > before) {
                expansion += now - before;
                upsellLogos++;
            } else if (now < before) {
                contraction += before - now;
            }
        } else if (before > 0) {
            churned += before;
            churnedLogos++;
        }
    }

    /** Accounts paying in M−12: what they paid then, pay now, and kept of it. */
    private void addTrailingYear(double then, double now) {
        if (then > 0) {
            base12 += then;
            now12 += now;
            kept12 += Math.min(now, then);
        }
    }

    /** NPS, CSAT and CES answers of (D−90, D]. */
    private void addSurveys(AccountFacts a, int i) {
        promoters += a.npsPromoters90[i];
        detractors += a.npsDetractors90[i];
        npsAnswers += a.npsAnswers90[i];
        csatGood += a.csatGood90[i];
        csatAnswers += a.csatAnswers90[i];
        cesSum += a.cesSum90[i];
        cesAnswers += a.cesAnswers90[i];
    }

    /** Unanswered tickets at D (paying or not), resolution hours and first-contact flags of the month. */
    private void addTickets(AccountFacts a, int i) {
        unanswered += a.unansweredTickets[i];
        hours.addAll(a.resolutionHours[i]);
        fcrTrue += a.firstContactResolved[i];
        fcrFlagged += a.firstContactFlagged[i];
    }

    /** A paying account's band, contact in the month and QBR. */
    private void addStanding(Account account, int i) {
        Band band = account.result().band(i);
        if (band == null) {
            unscored++;
        } else {
            switch (band) {
                case HEALTHY -> healthy++;
                case NEEDS_ATTENTION -> attention++;
                case AT_RISK -> atRisk++;
            }
        }
        AccountFacts a = account.facts();
        if (a.contactedInMonth[i]) {
            contacted++;
        }
        if (account.expectsQbrs() && !a.qbrIn90Days[i]) {
            overdue++;
        }
    }

    /** Days to first value (first value by D), and first value within 30 days of customers of more than 30. */
    private void addOnboarding(Account account) {
        long since = account.since();
        long firstValue = account.firstValue();
        if (firstValue != Account.NONE && since != Account.NONE && firstValue <= end) {
            ttfv.add(firstValue - since);
        }
        if (since != Account.NONE && since <= end - 30) {
            activationBase++;
            if (firstValue != Account.NONE && firstValue <= since + 30) {
                activated++;
            }
        }
    }

    /** Renewals won or lost from the first day of M−11 to D. */
    private void addRenewals(AccountFacts a) {
        for (AccountFacts.ClosedRenewal renewal : a.closedRenewals) {
            long closed = renewal.closeDate().toEpochDay();
            if (closed >= renewalFrom && closed <= end) {
                renewalsClosed++;
                if (renewal.won()) {
                    renewalsWon++;
                }
            }
        }
    }

    Double logoChurnRate() {
        return ratio(churnedLogos, atStart);
    }

    /** The metrics of every month from its complete tallies. */
    static List<TenantMetrics> series(MonthlyTally[] tallies) {
        return series(tallies, null, 0);
    }

    /**
     * The metrics of every month: those of the months before {@code reused} are {@code before}'s own
     * (their tallies were left empty), the others come from their tallies, CLV looking back at the
     * reused months' logo churn in {@code before}. {@code before} is null only for a set no account
     * belonged to in the reused months, whose empty tallies are then the right ones.
     */
    static List<TenantMetrics> series(MonthlyTally[] tallies, List<TenantMetrics> before, int reused) {
        List<TenantMetrics> metrics = new ArrayList<>(tallies.length);
        for (MonthlyTally tally : tallies) {
            metrics.add(before != null && tally.month < reused ? before.get(tally.month)
                    : tally.metrics(tallies, before, reused));
        }
        return metrics;
    }

    /**
     * This month's metrics; {@code all} are every month's tallies (CLV looks at the last 12), of which
     * those before {@code reused} are empty and {@code before} has their figures.
     */
    TenantMetrics metrics(MonthlyTally[] all, List<TenantMetrics> before, int reused) {
        Double logoChurn = logoChurnRate();
        Double arpa = active == 0 ? null : ending / active;
        TenantMetrics.Builder b = TenantMetrics.builder(label)
                .set(STARTING_MRR, amount(starting)).set(NEW_MRR, amount(fresh))
                .set(REACTIVATION_MRR, amount(reactivation)).set(EXPANSION_MRR, amount(expansion))
                .set(CONTRACTION_MRR, amount(contraction)).set(CHURNED_MRR, amount(churned))
                .set(ENDING_MRR, amount(ending)).set(ARR, amount(12 * ending))
                .set(GRR, money(starting, starting, -churned, -contraction))
                .set(NRR, money(starting, starting, expansion, -churned, -contraction))
                .set(REVENUE_CHURN_RATE, money(starting, churned, contraction))
                .set(EXPANSION_RATE, money(starting, expansion))
                .set(CUSTOMERS_AT_START, atStart).set(ACTIVE_ACCOUNTS, active)
                .set(LOGO_CHURN_RATE, logoChurn).set(LOGO_RETENTION, logoChurn == null ? null : 100 - logoChurn)
                .set(UPSELL_RATE, ratio(upsellLogos, atStart))
                .set(ARPA, arpa).set(CLV, clv(arpa, all, before, reused))
                .set(T12_NRR, money(base12, now12)).set(T12_GRR, money(base12, kept12))
                .set(NPS, npsAnswers == 0 ? null : (double) (promoters - detractors) / npsAnswers * 100)
                .set(CSAT, ratio(csatGood, csatAnswers))
                .set(CES, cesAnswers == 0 ? null : (double) cesSum / cesAnswers)
                .set(PERCENT_HEALTHY, ratio(healthy, healthy + attention + atRisk))
                .set(HEALTHY_ACCOUNTS, healthy).set(NEEDS_ATTENTION_ACCOUNTS, attention)
                .set(AT_RISK_ACCOUNTS, atRisk).set(UNSCORED_ACCOUNTS, unscored)
                .set(CONTACT_RATE, ratio(contacted, active)).set(OVERDUE_QBRS, overdue)
                .set(UNANSWERED_TICKETS, unanswered).set(TIME_TO_RESOLUTION, hours.median())
                .set(FCR, ratio(fcrTrue, fcrFlagged)).set(TTFV, ttfv.median())
                .set(ACTIVATION_RATE, ratio(activated, activationBase))
                .set(RENEWAL_RATE, ratio(renewalsWon, renewalsClosed))
                .set(EXPANSION_PIPELINE, amount(pipeline));
        return b.build();
    }

    /** ARPA over the mean of the defined monthly logo churn rates of M−11..M, as a fraction. */
    private Double clv(Double arpa, MonthlyTally[] all, List<TenantMetrics> before, int reused) {
        double churnSum = 0;
        int churnMonths = 0;
        for (int k = Math.max(0, month - 11); k <= month; k++) {
            Double rate = before == null || k >= reused ? all[k].logoChurnRate()
                    : before.get(k) == null ? null : before.get(k).get(LOGO_CHURN_RATE);
            if (rate != null) {
                churnSum += rate;
                churnMonths++;
            }
        }
        double meanChurn = churnMonths == 0 ? 0 : churnSum / churnMonths;
        return arpa == null || churnMonths == 0 || meanChurn == 0 ? null : arpa / (meanChurn / 100);
    }
}
