package dev.bellwether.metrics.calc;

import java.util.List;

/**
 * Everything the engine reads for one tenant: its months, its accounts' facts, and the distinct
 * features used by any account in each month's (D−30, D] (the feature-adoption denominator).
 */
public record TenantFacts(Months months, List<AccountFacts> accounts, int[] tenantFeatures) {
}
