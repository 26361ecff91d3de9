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
     * The condition ({@code " and …"}) over the account aliased {@code account}; adds its values to
     * {@code parameters} in order.
     */
    String sql(String account, List<Object> parameters);
}
