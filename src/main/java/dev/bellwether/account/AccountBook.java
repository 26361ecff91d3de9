package dev.bellwether.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.tenant.TenantReads;

/**
 * The current tenant's accounts with their health at the reporting month: filtered, sorted and
 * paged for lists, or one with everything for the account page and API.
 */
@ApplicationScoped
public class AccountBook {

    /** How lists may be sorted: a key and its SQL (nulls last, ties by name). */
    public static final Map<String, String> SORTS = Map.of(
            "health", "s.health asc nulls last", "-health", "s.health desc nulls last",
            "mrr", "coalesce(s.mrr, 0) asc", "-mrr", "coalesce(s.mrr, 0) desc",
            "name", "a.name asc", "-name", "a.name desc",
            "renewal", "a.renewal_date asc nulls last", "-renewal", "a.renewal_date desc nulls last");

    /** A filter of the list; null fields do not filter. {@code band} may be "none" for accounts without a band. */
    public record Filter(String band, String segment, String csmEmail, String search, Integer renewalWithinDays,
            boolean activeOnly) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, false);
        }
    }

    /** One line of a list. */
    public record Line(String accountId, String name, String segment, String csmEmail, double mrr, Double health,
            String band, LocalDate renewalDate, Double previousHealth, boolean active, int openAlerts,
            String overrideBand) {

        /** Health change against the previous month, or null. */
        public Double change() {
            return health == null || previousHealth == null ? null : health - previousHealth;
        }
    }

    /** What a book of accounts (a CSM's, or all) adds up to now. */
    public record BookTotals(int accounts, int atRisk, int renewalsIn90Days, int openAlerts, double openExpansion) {
    }

    /** A page of a list and how many lines match in all. */
    public record Page(List<Line> lines, long total, int page, int size) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    /** An account with its attributes, health and its explanation. */
    public record Full(Line line, String industry, String plan, LocalDate customerSince, Integer licensedSeats,
            LocalDate firstValueDate, YearMonth month, AccountDetail detail) {
    }

    /** One month of an account's health history. */
    public record HistoryPoint(YearMonth month, double mrr, Double health, String band, int modelVersion) {
    }

    @Inject
    TenantReads reads;

    @Inject
    ObjectMapper json;

    public Page list(Filter filter, String sort, int page, int size, LocalDate asOf) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> parameters = new ArrayList<>();
        if (filter.band() != null) {
            if (filter.band().equals("none")) {
                where.append(" and s.band is null");
            } else {
                where.append(" and s.band = ?");
                parameters.add(filter.band());
            }
        }
        if (filter.segment() != null) {
            where.append(" and a.segment = ?");
            parameters.add(filter.segment());
        }
        if (filter.csmEmail() != null) {
            where.append(" and lower(a.csm_email) = lower(?)");
            parameters.add(filter.csmEmail());
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" and (a.name ilike ? or a.account_id ilike ?)");
            String like = "%" + filter.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            parameters.add(like);
            parameters.add(like);
        }
        if (filter.renewalWithinDays() != null) {
            where.append(" and a.renewal_date between ? and ?");
            parameters.add(asOf);
            parameters.add(asOf.plusDays(filter.renewalWithinDays()));
        }
        if (filter.activeOnly()) {
            where.append(" and s.active");
        }
        String from = " from account a left join account_snapshot s on s.tenant_id = a.tenant_id and s.account_id = a.account_id";
        long total = reads.list("the accounts", "select count(*)" + from + where, parameters, rows -> rows.getLong(1)).get(0);
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(size);
        paged.add((long) (page - 1) * size);
        List<Line> lines = reads.list("the accounts", "select " + LINE + from + where + " order by " + SORTS.getOrDefault(sort, SORTS.get("health"))
                + ", a.name, a.account_id limit ? offset ?", paged, AccountBook::line);
        return new Page(lines, total, page, size);
    }

    public Optional<Full> find(String accountId) {
        return reads.list("the accounts", "select " + LINE + ", a.industry, a.plan, a.customer_since, a.licensed_seats, a.first_value_date,"
                + " s.month, s.detail from account a left join account_snapshot s on s.tenant_id = a.tenant_id"
                + " and s.account_id = a.account_id where a.account_id = ?", List.of(accountId), rows -> new Full(line(rows),
                        rows.getString(13), rows.getString(14), date(rows, 15), (Integer) rows.getObject(16), date(rows, 17),
                        rows.getDate(18) == null ? null : YearMonth.from(rows.getDate(18).toLocalDate()),
                        rows.getString(19) == null ? null : detail(rows.getString(19))))
                .stream().findFirst();
    }

    public List<HistoryPoint> history(String accountId) {
        return reads.list("the accounts", "select month, mrr, health, band, model_version from account_month where account_id = ? order by month",
                List.of(accountId), rows -> new HistoryPoint(YearMonth.from(rows.getDate(1).toLocalDate()), rows.getDouble(2),
                        (Double) rows.getObject(3), rows.getString(4), rows.getInt(5)));
    }

    private static final String LINE = "a.account_id, a.name, a.segment, a.csm_email, coalesce(s.mrr, 0), s.health, s.band,"
            + " a.renewal_date, s.previous_health, coalesce(s.active, false),"
            + " (select count(*) from alert x where x.tenant_id = a.tenant_id and x.account_id = a.account_id"
            + " and x.status <> 'resolved')::int,"
            + " (select o.band from health_override o where o.tenant_id = a.tenant_id and o.account_id = a.account_id"
            + " and o.expires_on >= (now() at time zone 'UTC')::date)";

    private static Line line(ResultSet rows) throws SQLException {
        return new Line(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getDouble(5),
                (Double) rows.getObject(6), rows.getString(7), date(rows, 8), (Double) rows.getObject(9), rows.getBoolean(10),
                rows.getInt(11), rows.getString(12));
    }

    /** The totals of a CSM's book ({@code csmEmail}), or of every account when null; renewals counted from {@code today}. */
    public BookTotals totals(String csmEmail, LocalDate today) {
        String mine = csmEmail == null ? "" : " and lower(c.csm_email) = lower(?)";
        List<Object> parameters = new ArrayList<>(List.of(today, today.plusDays(90)));
        if (csmEmail != null) {
            parameters.addAll(List.of(csmEmail, csmEmail, csmEmail));
        }
        // one pass over the book, and one aggregate each for alerts and pipeline (not one subquery per account)
        return reads.list("the accounts", "select count(*) filter (where s.active),"
                + " count(*) filter (where s.active and s.band = 'at_risk'),"
                + " count(*) filter (where s.active and c.renewal_date between ? and ?),"
                + " (select count(*) from alert x join account c on c.tenant_id = x.tenant_id and c.account_id = x.account_id"
                + " where x.status <> 'resolved'" + mine + "),"
                + " (select coalesce(sum(o.amount), 0) from opportunity o join account c on c.tenant_id = o.tenant_id"
                + " and c.account_id = o.account_id where o.type = 'expansion' and o.stage = 'open'" + mine + ")"
                + " from account c left join account_snapshot s on s.tenant_id = c.tenant_id and s.account_id = c.account_id"
                + " where true" + mine, parameters, rows -> new BookTotals(rows.getInt(1),
                        rows.getInt(2), rows.getInt(3), rows.getInt(4), rows.getDouble(5))).get(0);
    }

    /** Whether {@code csmEmail} owns any account. */
    public boolean owns(String csmEmail) {
        return csmEmail != null && reads.list("the accounts", "select exists (select 1 from account where lower(csm_email) = lower(?))",
                List.of(csmEmail), rows -> rows.getBoolean(1)).get(0);
    }

    private static LocalDate date(ResultSet rows, int column) throws SQLException {
        java.sql.Date value = rows.getDate(column);
        return value == null ? null : value.toLocalDate();
    }

    private AccountDetail detail(String value) {
        try {
            return json.readValue(value, AccountDetail.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
