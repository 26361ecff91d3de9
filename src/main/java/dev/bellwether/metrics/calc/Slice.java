package dev.bellwether.metrics.calc;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * The account attributes a book can be broken down by (docs/metrics.md, Breakdowns). Attributes
 * have no history: current values serve every month; only tenure depends on the month.
 */
public enum Slice {
    SEGMENT("segment", "Segment"), INDUSTRY("industry", "Industry"), PLAN("plan", "Plan"), CSM("csm", "CSM"),
    TENURE("tenure", "Tenure");

    /** A missing segment's slice. */
    public static final String UNSEGMENTED = "Unsegmented";
    /** Any other missing value's slice (and tenure when the account is not a customer yet at D). */
    public static final String NONE = "(none)";
    /** The tenure bands, in order. */
    public static final String[] TENURE_BANDS = { "0-5", "6-11", "12-23", "24+" };

    private final String key;
    private final String label;

    Slice(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in the API ({@code ?by=}) and in URLs. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Optional<Slice> of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** The slice {@code a} belongs to in month {@code i} of {@code months}. */
    public String keyOf(AccountFacts a, Months months, int i) {
        return switch (this) {
            case SEGMENT -> blank(a.segment) ? UNSEGMENTED : a.segment;
            case INDUSTRY -> blank(a.industry) ? NONE : a.industry;
            case PLAN -> blank(a.plan) ? NONE : a.plan;
            case CSM -> MetricsEngine.csmOf(a.csmEmail) == null ? NONE : a.csmEmail;
            case TENURE -> tenure(a, months, i);
        };
    }

    /** M − month(customer_since) in calendar months, banded; (none) when customer_since is after D. */
    static String tenure(AccountFacts a, Months months, int i) {
        if (a.customerSince == null || a.customerSince.toEpochDay() > months.lastDay(i)) {
            return NONE;
        }
        long tenure = YearMonth.from(a.customerSince).until(months.month(i), ChronoUnit.MONTHS);
        return tenure < 6 ? TENURE_BANDS[0] : tenure < 12 ? TENURE_BANDS[1] : tenure < 24 ? TENURE_BANDS[2]
                : TENURE_BANDS[3];
    }

    /** Where a slice's row goes in a list: tenure in band order, others by key ((none) last for tenure). */
    public int order(String sliceKey) {
        if (this != TENURE) {
            return 0;
        }
        int i = Arrays.asList(TENURE_BANDS).indexOf(sliceKey);
        return i < 0 ? TENURE_BANDS.length : i;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
