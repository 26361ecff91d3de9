package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's facts after a change that touched only months {@code from} onward of some accounts,
 * put together from the facts of the previous recalculation and a partial read: every unchanged
 * account as the previous run had it (the same object, so its results can be reused), every changed
 * account spliced (its months before {@code from} from the previous run, the rest from the read),
 * every new account as read whole. The accounts come in {@code order}, the order a full read gives,
 * so that every sum is taken in the same order as a full recalculation's and the figures are equal
 * to the last bit.
 */
public final class IncrementalFacts {

    private IncrementalFacts() {
    }

    /**
     * @param before the previous recalculation's facts (same first month; at least {@code from} months)
     * @param months the months now
     * @param from the first month index whose inputs changed
     * @param order every account id, in the order of a full read
     * @param changed the changed accounts the previous run knew, read from {@code from} on
     * @param added the accounts the previous run did not know, read whole
     * @param tenantFeatures the tenant's distinct features per month, valid from {@code from} on
     * @param qbrSegments the tenant's QBR segments now
     */
    public static TenantFacts splice(TenantFacts before, Months months, int from, List<String> order,
            Map<String, AccountFacts> changed, Map<String, AccountFacts> added, int[] tenantFeatures,
            Set<String> qbrSegments) {
        if (before.months().count() < from || !before.months().month(0).equals(months.month(0))) {
            throw new IllegalArgumentException("The previous facts do not cover the months before the change");
        }
        Map<String, AccountFacts> previous = new HashMap<>();
        for (AccountFacts a : before.accounts()) {
            previous.put(a.id, a);
        }
        List<AccountFacts> accounts = new ArrayList<>(order.size());
        for (String id : order) {
            AccountFacts whole = added.get(id);
            AccountFacts part = changed.get(id);
            AccountFacts old = previous.get(id);
            if (whole != null) {
                accounts.add(whole);
            } else if (part != null && old != null) {
                accounts.add(AccountFacts.splice(old, part, from));
            } else if (old != null && old.mrr.length == months.count()) {
                accounts.add(old);
            } else {
                throw new IllegalArgumentException("Account " + id + " was neither read nor known before");
            }
        }
        int[] features = new int[months.count()];
        System.arraycopy(before.tenantFeatures(), 0, features, 0, from);
        System.arraycopy(tenantFeatures, from, features, from, months.count() - from);
        return new TenantFacts(months, accounts, features, qbrSegments);
    }
}
