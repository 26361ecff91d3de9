package dev.bellwether.metrics.calc;

/**
 * The metrics of one month for a set of accounts (the tenant, a segment, a CSM's book), as
 * api.md names them. A figure that is undefined (a ratio with a zero denominator, a median of
 * nothing) is null, never 0. Percentages are 0–100, unrounded.
 */
public record TenantMetrics(
        String month,
        double startingMrr, double newMrr, double reactivationMrr, double expansionMrr, double contractionMrr,
        double churnedMrr, double endingMrr, double arr,
        Double grr, Double nrr, Double revenueChurnRate, Double expansionRate,
        int customersAtStart, int activeAccounts, Double logoChurnRate, Double logoRetention, Double upsellRate,
        Double arpa, Double clv, Double t12Nrr, Double t12Grr,
        Double nps, Double csat, Double ces,
        Double percentHealthy, int healthyAccounts, int needsAttentionAccounts, int atRiskAccounts, int unscoredAccounts,
        Double contactRate, int overdueQbrs, int unansweredTickets, Double timeToResolutionHours, Double fcr,
        Double ttfvDays, Double activationRate, Double renewalRate, double expansionPipeline) {
}
