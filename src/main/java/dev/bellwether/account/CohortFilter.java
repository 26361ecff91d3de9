package dev.bellwether.account;

import java.time.YearMonth;
import java.util.List;

import dev.bellwether.alerts.AccountCondition;

/**
 * A list narrowed to one cohort (docs/metrics.md, Cohorts): the accounts whose first month with MRR
 * above 0 is {@code month}, the executive page's cohort drill-down.
 */
public record CohortFilter(YearMonth month) implements AccountCondition {

    @Override
    public String sql(String a, String tenant, List<Object> parameters) {
        parameters.add(tenant);
        parameters.add(month.atDay(1));
        return " and (select min(m.month) from mrr m where m.tenant_id = ? and m.account_id = " + a
                + ".account_id and m.mrr > 0) = ?";
    }
}
