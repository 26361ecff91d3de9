package dev.bellwether.alerts;

import java.time.LocalDate;
import java.util.List;

import dev.bellwether.platform.sql.Like;

/**
 * Which accounts a list covers, written once as SQL so the account list and the alerts panel beside
 * it always agree (the alerts package is the lower of the two, so it holds it). Null or empty
 * fields do not filter. {@code bands} are band keys ({@code at_risk}, …); {@code noBand} adds the
 * accounts without a band; {@code renewalFrom}–{@code renewalTo} is an inclusive window;
 * {@code conditions} are the filters of features above this one (a breakdown's slice, a cohort).
 */
public record AccountCriteria(List<String> bands, boolean noBand, String segment, String csmEmail, String search,
        LocalDate renewalFrom, LocalDate renewalTo, boolean activeOnly, boolean withOpenAlerts,
        boolean withOpenExpansion, List<AccountCondition> conditions) {

    public AccountCriteria {
        bands = bands == null ? List.of() : List.copyOf(bands);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public AccountCriteria(List<String> bands, boolean noBand, String segment, String csmEmail, String search,
            LocalDate renewalFrom, LocalDate renewalTo, boolean activeOnly, boolean withOpenAlerts,
            boolean withOpenExpansion) {
        this(bands, noBand, segment, csmEmail, search, renewalFrom, renewalTo, activeOnly, withOpenAlerts,
                withOpenExpansion, List.of());
    }

    /** Every account. */
    public static AccountCriteria all() {
        return new AccountCriteria(List.of(), false, null, null, null, null, null, false, false, false);
    }

    /** Only the book of {@code csmEmail}, or every account when null. */
    public static AccountCriteria book(String csmEmail) {
        return new AccountCriteria(List.of(), false, null, csmEmail, null, null, null, false, false, false);
    }

    /**
     * The conditions ({@code " and …"}, or "" when none) over an account aliased {@code account} of
     * {@code tenant} and its snapshot aliased {@code snapshot} (left joined); adds their values to
     * {@code parameters} in order. The caller's query names the tenant itself; the subqueries on tables
     * partitioned by tenant ({@code opportunity}, a condition's {@code mrr}) name it too, so the planner
     * reads only the tenant's partition (docs/architecture.md, section 4).
     */
    public String sql(String account, String snapshot, String tenant, List<Object> parameters) {
        StringBuilder where = new StringBuilder();
        if (!bands.isEmpty() || noBand) {
            where.append(" and (");
            if (!bands.isEmpty()) {
                where.append(snapshot).append(".band = any(?::text[])");
                parameters.add(bands.toArray(String[]::new));
            }
            if (noBand) {
                where.append(bands.isEmpty() ? "" : " or ").append(snapshot).append(".band is null");
            }
            where.append(')');
        }
        if (segment != null) {
            where.append(" and ").append(account).append(".segment = ?");
            parameters.add(segment);
        }
        if (csmEmail != null) {
            where.append(" and lower(").append(account).append(".csm_email) = lower(?)");
            parameters.add(csmEmail);
        }
        if (search != null && !search.isBlank()) {
            where.append(" and (").append(Like.caseless(account + ".name")).append(" ilike ? or ")
                    .append(Like.caseless(account + ".account_id")).append(" ilike ?)");
            String like = "%" + Like.literal(search) + "%";
            parameters.add(like);
            parameters.add(like);
        }
        if (renewalFrom != null && renewalTo != null) {
            where.append(" and ").append(account).append(".renewal_date between ? and ?");
            parameters.add(renewalFrom);
            parameters.add(renewalTo);
        }
        if (activeOnly) {
            where.append(" and ").append(snapshot).append(".active");
        }
        if (withOpenAlerts) {
            where.append(" and exists (select 1 from alert x where x.tenant_id = ").append(account)
                    .append(".tenant_id and x.account_id = ").append(account).append(".account_id")
                    .append(" and x.status <> 'resolved')");
        }
        if (withOpenExpansion) {
            where.append(" and exists (select 1 from opportunity o where o.tenant_id = ? and o.account_id = ")
                    .append(account).append(".account_id and o.type = 'expansion' and o.stage = 'open')");
            parameters.add(tenant);
        }
        for (AccountCondition condition : conditions) {
            where.append(condition.sql(account, tenant, parameters));
        }
        return where.toString();
    }
}
