package dev.bellwether.metrics.calc;

import java.util.List;
import java.util.Set;

/**
 * Everything the engine reads for one tenant: its months, its accounts' facts, the distinct
 * features used by any account in each month's (D−30, D] (the feature-adoption denominator), and
 * the segments whose accounts are expected to hold QBRs (the tenant's setting).
 */
public record TenantFacts(Months months, List<AccountFacts> accounts, int[] tenantFeatures, Set<String> qbrSegments) {

    /** The segments that expect QBRs unless the tenant chooses others. */
    public static final Set<String> DEFAULT_QBR_SEGMENTS = Set.of("Enterprise", "Mid-Market");

    public TenantFacts {
        qbrSegments = Set.copyOf(qbrSegments);
    }
}
