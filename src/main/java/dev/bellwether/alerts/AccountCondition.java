package dev.bellwether.alerts;

import java.util.List;

/**
 * One more condition on an account, written by a feature this package cannot know of (a breakdown's
 * slice, a cohort), so that {@link AccountCriteria} still holds every filter of a list and the list
 * and its alerts panel stay the same accounts.
 */
@FunctionalInterface
public interface AccountCondition {

    /**
     * The condition ({@code " and …"}) over the account aliased {@code account} of {@code tenant}; adds its
     * values to {@code parameters} in order. A subquery on one of the tables partitioned by tenant names
     * {@code tenant_id = ?} with {@code tenant}, so the planner reads only that tenant's partition
     * (docs/architecture.md, section 4).
     */
    String sql(String account, String tenant, List<Object> parameters);
}
