package dev.bellwether.metrics.calc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every figure Bellwether shows, defined once: its API key, label, unit, formula and a
 * plain-language explanation, and whether it is a figure of a book of accounts (a month's
 * {@link TenantMetrics}, in this order) or of one account. Pages show the explanation next to the
 * number; docs/metrics.md holds the same sentences with worked examples (MetricsDocsTest keeps the
 * two in step).
 *
 * <p>A book figure of unit {@link Unit#COUNT} is a whole number; one without an
 * {@link #undefinedWhen()} is always defined; the others may be undefined (null). Adding a book
 * figure: a constant here, and its value where {@link MonthlyTally} works out a month's metrics.
 */
public enum MetricDefinition {

    STARTING_MRR("startingMrr", "Starting MRR", Unit.MONEY, "Σ mrr(a, M−1)",
            "The monthly recurring revenue all accounts had in the month before.", null),
    NEW_MRR("newMrr", "New MRR", Unit.MONEY, "Σ mrr(a, M) over accounts that never paid before M",
            "Revenue of accounts paying for the first time this month.", null),
    REACTIVATION_MRR("reactivationMrr", "Reactivation MRR", Unit.MONEY,
            "Σ mrr(a, M) over accounts not paying in M−1 that paid some month before M−1",
            "Revenue of accounts that had stopped paying and pay again this month.", null),
    EXPANSION_MRR("expansionMrr", "Expansion MRR", Unit.MONEY,
            "Σ (mrr(a, M) − mrr(a, M−1)) over accounts paying in both that grew",
            "How much accounts paying in both months increased their revenue.", null),
    CONTRACTION_MRR("contractionMrr", "Contraction MRR", Unit.MONEY,
            "Σ (mrr(a, M−1) − mrr(a, M)) over accounts paying in both that shrank",
            "How much accounts paying in both months reduced their revenue.", null),
    CHURNED_MRR("churnedMrr", "Churned MRR", Unit.MONEY, "Σ mrr(a, M−1) over accounts paying in M−1 and not in M",
            "Last month's revenue of the accounts that pay nothing this month.", null),
    ENDING_MRR("endingMrr", "Ending MRR", Unit.MONEY, "Σ mrr(a, M)",
            "The monthly recurring revenue of all accounts this month.", null),
    ARR("arr", "ARR", Unit.MONEY, "12 × Ending MRR",
            "This month's recurring revenue over a year: twelve times the ending MRR.", null),
    GRR("grr", "Gross revenue retention", Unit.PERCENT, "(Starting − Churned − Contraction) / Starting × 100",
            "The share of last month's revenue that was kept; losses count, growth does not, "
                    + "so it is never above 100 %.", "no revenue last month to compare with"),
    NRR("nrr", "Net revenue retention", Unit.PERCENT, "(Starting + Expansion − Churned − Contraction) / Starting × 100",
            "Last month's customers, this month, growth included: above 100 % means existing customers "
                    + "grew more than they left.", "no revenue last month to compare with"),
    REVENUE_CHURN_RATE("revenueChurnRate", "Revenue churn rate", Unit.PERCENT,
            "(Churned + Contraction) / Starting × 100",
            "The share of last month's revenue lost to churn and contraction.",
            "no revenue last month to compare with"),
    EXPANSION_RATE("expansionRate", "Expansion rate", Unit.PERCENT, "Expansion / Starting × 100",
            "Growth from existing customers as a share of last month's revenue.",
            "no revenue last month to compare with"),
    CUSTOMERS_AT_START("customersAtStart", "Customers at start", Unit.COUNT, "accounts with mrr(a, M−1) > 0",
            "The accounts that were paying last month.", null),
    ACTIVE_ACCOUNTS("activeAccounts", "Active accounts", Unit.COUNT, "accounts with mrr(a, M) > 0",
            "The accounts paying this month.", null),
    LOGO_CHURN_RATE("logoChurnRate", "Logo churn", Unit.PERCENT,
            "accounts paying in M−1 and not in M / customers at start × 100",
            "The share of last month's paying accounts that pay nothing this month.",
            "no account was paying last month"),
    LOGO_RETENTION("logoRetention", "Logo retention", Unit.PERCENT, "100 − logo churn rate",
            "The share of last month's paying accounts still paying.", "no account was paying last month"),
    UPSELL_RATE("upsellRate", "Upsell rate", Unit.PERCENT, "accounts with expansion in M / customers at start × 100",
            "The share of last month's paying accounts that increased their revenue.",
            "no account was paying last month"),
    ARPA("arpa", "ARPA", Unit.MONEY, "Ending MRR / active accounts", "Average monthly revenue per paying account.",
            "no account is paying this month"),
    CLV("clv", "Customer lifetime value", Unit.MONEY,
            "ARPA / (mean of the defined monthly logo churn rates of M−11..M, as a fraction)",
            "What an average account is worth over its life: revenue per account divided by how fast accounts leave.",
            "no month of the last 12 had churn to divide by"),
    T12_NRR("t12Nrr", "Trailing-12 NRR", Unit.PERCENT,
            "over accounts paying in M−12: Σ mrr(a, M) / Σ mrr(a, M−12) × 100",
            "The accounts that paid a year ago: what they pay now against what they paid then.",
            "no account was paying 12 months ago"),
    T12_GRR("t12Grr", "Trailing-12 GRR", Unit.PERCENT,
            "over accounts paying in M−12: Σ min(mrr(a, M), mrr(a, M−12)) / Σ mrr(a, M−12) × 100",
            "Like trailing-12 NRR, but no account counts for more than it paid a year ago.",
            "no account was paying 12 months ago"),
    NPS("nps", "NPS", Unit.SCORE, "over NPS answers in (D−90, D]: % scoring 9–10 − % scoring 0–6",
            "Net Promoter Score of the last 90 days: promoters minus detractors, from −100 to 100.",
            "no NPS answer in the last 90 days"),
    CSAT("csat", "CSAT", Unit.PERCENT, "CSAT answers in (D−90, D] scoring 4 or 5 / all CSAT answers there × 100",
            "The share of satisfaction answers of the last 90 days that were 4 or 5 out of 5.",
            "no CSAT answer in the last 90 days"),
    CES("ces", "CES", Unit.DECIMAL, "mean CES score in (D−90, D]",
            "The average customer effort score of the last 90 days, from 1 (very hard) to 7 (very easy).",
            "no CES answer in the last 90 days"),
    PERCENT_HEALTHY("percentHealthy", "% healthy", Unit.PERCENT,
            "healthy accounts / active accounts with a health score × 100",
            "The share of paying accounts with a health score that are in the healthy band.",
            "no paying account has a health score"),
    HEALTHY_ACCOUNTS("healthyAccounts", "Healthy accounts", Unit.COUNT, "active accounts in the healthy band",
            "Paying accounts whose health is at or above the healthy threshold.", null),
    NEEDS_ATTENTION_ACCOUNTS("needsAttentionAccounts", "Accounts needing attention", Unit.COUNT,
            "active accounts in the needs-attention band",
            "Paying accounts whose health is between the at-risk and the healthy thresholds.", null),
    AT_RISK_ACCOUNTS("atRiskAccounts", "Accounts at risk", Unit.COUNT, "active accounts in the at-risk band",
            "Paying accounts whose health is below the at-risk threshold.", null),
    UNSCORED_ACCOUNTS("unscoredAccounts", "Accounts without a score", Unit.COUNT,
            "active accounts without a health score", "Paying accounts without enough data for a health score.", null),
    CONTACT_RATE("contactRate", "Contact rate", Unit.PERCENT,
            "active accounts with an activity in M / active accounts × 100",
            "The share of paying accounts a CSM was in touch with this month.", "no account is paying this month"),
    OVERDUE_QBRS("overdueQbrs", "Overdue QBRs", Unit.COUNT,
            "active accounts of the segments that expect QBRs (default Enterprise and Mid-Market) "
                    + "without a QBR in (D−90, D]",
            "Paying accounts of the segments that expect QBRs (default Enterprise and Mid-Market) with no quarterly "
                    + "business review in the last 90 days.", null),
    UNANSWERED_TICKETS("unansweredTickets", "Unanswered tickets", Unit.COUNT,
            "tickets opened by D, not resolved by D, without a first response by D",
            "Open support tickets nobody has answered yet, over every account.", null),
    TIME_TO_RESOLUTION("timeToResolutionHours", "Time to resolution", Unit.HOURS,
            "median hours (resolved_at − opened_at) over tickets resolved in M",
            "The typical time, in hours, from a ticket being opened to being resolved, for "
                    + "tickets resolved this month.", "no ticket was resolved this month"),
    FCR("fcr", "First-contact resolution", Unit.PERCENT,
            "tickets resolved in M on first contact / tickets resolved in M with the flag × 100",
            "The share of tickets resolved this month that were solved at the first contact.",
            "no ticket resolved this month carries the first-contact flag"),
    TTFV("ttfvDays", "Time to first value", Unit.DAYS,
            "median days first_value_date − customer_since (first value by D)",
            "The typical number of days from becoming a customer to first getting value.",
            "no account has both a start date and a first-value date"),
    ACTIVATION_RATE("activationRate", "Activation rate", Unit.PERCENT,
            "accounts with first value within 30 days of becoming a customer / accounts customers "
                    + "since D − 30 or earlier × 100",
            "The share of customers of more than 30 days who got first value within their first 30 days.",
            "no account has been a customer for more than 30 days"),
    RENEWAL_RATE("renewalRate", "Renewal rate", Unit.PERCENT,
            "renewal opportunities won / closed (won + lost), closed from the first day of M−11 to D",
            "The share of renewals decided in the last 12 months that were won.",
            "no renewal was won or lost in the last 12 months"),
    EXPANSION_PIPELINE("expansionPipeline", "Expansion pipeline", Unit.MONEY,
            "Σ amount of open expansion opportunities", "The monthly revenue of every open expansion opportunity.",
            null),

    HEALTH(Scope.ACCOUNT, "health", "Health score", Unit.SCORE,
            "Σ wᶜ · scoreᶜ / Σ wᶜ over the components that have data",
            "A score from 0 to 100 that weighs usage, engagement, outcomes and financial signals; healthy "
                    + "from 70, at risk below 40.", "not enough data for any component, or the account is not paying"),
    SEAT_UTILIZATION(Scope.ACCOUNT, "seatUtilization", "Seat utilization", Unit.PERCENT, "MAU / licensed seats × 100",
            "How many of the licensed seats were used in the last 30 days.", "no licensed seats recorded"),
    USAGE_TREND(Scope.ACCOUNT, "usageTrend", "Usage trend", Unit.PERCENT,
            "(E₁ − E₀) / E₀ × 100, events in (D−30, D] against (D−60, D−30]",
            "Product events of the last 30 days against the 30 days before: negative means usage is falling.",
            "no product events in the 30 days before"),
    DAYS_SINCE_CONTACT(Scope.ACCOUNT, "daysSinceContact", "Days since contact", Unit.DAYS,
            "D − the latest activity on or before D", "Days since a CSM last had a recorded activity with the account.",
            "no activity recorded"),
    OPEN_TICKETS(Scope.ACCOUNT, "openTickets", "Open tickets", Unit.COUNT, "tickets opened by D and not resolved by D",
            "Support tickets of the account still open at the end of the month.", null),
    ACCOUNT_NPS(Scope.ACCOUNT, "accountNps", "Account NPS", Unit.SCORE,
            "over the account's NPS answers in (D−180, D]: % 9–10 − % 0–6",
            "The account's Net Promoter Score over the last 180 days.", "no NPS answer in the last 180 days"),
    ACCOUNT_CSAT(Scope.ACCOUNT, "accountCsat", "Account CSAT", Unit.PERCENT,
            "the account's CSAT answers of 4 or 5 in (D−180, D] × 100 / all",
            "The share of the account's satisfaction answers of the last 180 days that were 4 or 5.",
            "no CSAT answer in the last 180 days"),
    MRR_CHANGE_3M(Scope.ACCOUNT, "mrrChange3m", "3-month MRR change", Unit.PERCENT,
            "(mrr(a, M) − mrr(a, M−3)) / mrr(a, M−3) × 100",
            "How much the account's revenue changed over three months.", "no revenue three months ago"),
    MAU(Scope.ACCOUNT, "mau", "Monthly active users", Unit.COUNT, "distinct users with events in (D−30, D]",
            "People at the account who used the product in the last 30 days.", null),
    DAU_MAU(Scope.ACCOUNT, "dauMau", "DAU/MAU", Unit.PERCENT, "mean daily active users over (D−30, D] / MAU × 100",
            "How often the monthly users come back: 100 % would mean every one of them every day.",
            "no active user in the last 30 days"),
    FEATURE_ADOPTION(Scope.ACCOUNT, "featureAdoption", "Feature adoption", Unit.PERCENT,
            "features the account used in (D−30, D] / features any account used there × 100",
            "How many of the features in use across your customers this account used in the last 30 days.",
            "no feature was used by any account in the last 30 days");

    /** How a figure is written. */
    public enum Unit {
        MONEY, PERCENT, COUNT, SCORE, DECIMAL, HOURS, DAYS
    }

    /** What a figure describes: a book of accounts in a month (the tenant, a segment, a CSM's book), or one account. */
    public enum Scope {
        BOOK, ACCOUNT
    }

    private final Scope scope;
    private final String key;
    private final String label;
    private final Unit unit;
    private final String formula;
    private final String explanation;
    private final String undefinedWhen;

    MetricDefinition(String key, String label, Unit unit, String formula, String explanation, String undefinedWhen) {
        this(Scope.BOOK, key, label, unit, formula, explanation, undefinedWhen);
    }

    MetricDefinition(Scope scope, String key, String label, Unit unit, String formula, String explanation,
            String undefinedWhen) {
        this.scope = scope;
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.formula = formula;
        this.explanation = explanation;
        this.undefinedWhen = undefinedWhen;
    }

    /** Why the figure can be undefined (shown on hover over "—"); null when it is always defined. */
    public String undefinedWhen() {
        return undefinedWhen;
    }

    public Scope scope() {
        return scope;
    }

    /** A figure of a book of accounts: one of {@link TenantMetrics}'. */
    public boolean ofBook() {
        return scope == Scope.BOOK;
    }

    /** A whole number (a count of accounts or tickets). */
    public boolean whole() {
        return unit == Unit.COUNT;
    }

    /** Never undefined. */
    public boolean alwaysDefined() {
        return undefinedWhen == null;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    public String formula() {
        return formula;
    }

    public String explanation() {
        return explanation;
    }

    /** The definition with API key {@code key}, if there is one. */
    public static Optional<MetricDefinition> of(String key) {
        return Arrays.stream(values()).filter(d -> d.key.equals(key)).findFirst();
    }

    /** The figures of a book, in the order of the API's answer. */
    public static List<MetricDefinition> ofBooks() {
        return BOOK;
    }

    private static final List<MetricDefinition> BOOK =
            Arrays.stream(values()).filter(MetricDefinition::ofBook).toList();
}
