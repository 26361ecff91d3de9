package dev.bellwether.account;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.alerts.AccountCondition;
import dev.bellwether.alerts.AccountCriteria;
import dev.bellwether.health.Band;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.platform.PageNumber;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.Figure;
import dev.bellwether.web.PageCache;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/**
 * The current tenant's accounts with their health at the reporting month: filtered, sorted and
 * paged for lists, or one with everything for the account page and API.
 */
@ApplicationScoped
public class AccountBook {

    /**
     * How lists may be sorted: a key and its SQL (nulls last, ties by name), in the order a refusal names them
     * (a {@code Map.of} named them in an order that changed from one start of the app to the next).
     */
    public static final Map<String, String> SORTS = sorts("health", "s.health asc nulls last",
            "-health", "s.health desc nulls last", "mrr", "coalesce(s.mrr, 0) asc", "-mrr", "coalesce(s.mrr, 0) desc",
            "name", "a.name asc", "-name", "a.name desc",
            "renewal", "a.renewal_date asc nulls last", "-renewal", "a.renewal_date desc nulls last");

    private static Map<String, String> sorts(String... keysAndSql) {
        Map<String, String> sorts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndSql.length; i += 2) {
            sorts.put(keysAndSql[i], keysAndSql[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(sorts);
    }

    /**
     * A filter of the list; null and empty fields do not filter. {@code bands}: any of these bands
     * ({@link BandFilter#NONE}: accounts without one); {@code withOpenAlerts}: accounts with an alert
     * not resolved; {@code withOpenExpansion}: accounts with an open expansion opportunity;
     * {@code conditions}: more of them, such as one slice of a breakdown or one cohort (the executive
     * page's drill-downs: {@link SliceFilter}, {@link CohortFilter}).
     */
    public record Filter(List<BandFilter> bands, String segment, String csmEmail, String search,
            Integer renewalWithinDays, boolean activeOnly, boolean withOpenAlerts, boolean withOpenExpansion,
            List<AccountCondition> conditions) {

        public Filter(List<BandFilter> bands, String segment, String csmEmail, String search,
                Integer renewalWithinDays, boolean activeOnly, boolean withOpenAlerts, boolean withOpenExpansion) {
            this(bands, segment, csmEmail, search, renewalWithinDays, activeOnly, withOpenAlerts, withOpenExpansion,
                    List.of());
        }

        public Filter {
            bands = bands == null ? List.of() : List.copyOf(bands);
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }

        public static Filter none() {
            return new Filter(List.of(), null, null, null, null, false, false, false);
        }

        /**
         * The same accounts as {@link AccountCriteria}, with renewals counted from {@code asOf}: the list
         * and the alerts panel beside it read the one criteria, so they always cover the same accounts.
         */
        public AccountCriteria criteria(LocalDate asOf) {
            List<String> keys = bands.stream().filter(b -> b != BandFilter.NONE).map(BandFilter::word).toList();
            return new AccountCriteria(keys, bands.contains(BandFilter.NONE), segment, csmEmail, search,
                    renewalWithinDays == null ? null : asOf,
                    renewalWithinDays == null ? null : asOf.plusDays(renewalWithinDays), activeOnly, withOpenAlerts,
                    withOpenExpansion, conditions);
        }
    }

    /** One line of a list. */
    public record Line(String accountId, String name, String segment, String csmEmail, double mrr, Double health,
            String band, LocalDate renewalDate, Double previousHealth, boolean active, int openAlerts,
            String overrideBand) {

        /**
         * Health change against the previous month between the scores as they read (one decimal), or null: two
         * months that both read 70.0 show no change, where their raw difference (70.04 − 69.98) showed +0.1.
         */
        public Double change() {
            return health == null || previousHealth == null ? null
                    : Figure.rounded(health, 1) - Figure.rounded(previousHealth, 1);
        }
    }

    /** What a book of accounts (a CSM's, or all) adds up to now. */
    public record BookTotals(int accounts, int atRisk, int renewalsIn90Days, int openAlerts, double openExpansion) {
    }

    /** A page of a list and how many lines match in all. */
    public record Page(List<Line> lines, long total, int page, int size) {

        public int pages() {
            return PageNumber.pages(total, size);
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
    Database database;

    @Inject
    ObjectMapper json;

    @Inject
    @CacheName("account-details")
    Cache details;

    @Inject
    HealthModelStore models;

    public Page list(Filter filter, String sort, int page, int size, LocalDate asOf) {
        String tenant = TenantContext.require();
        // the tenant named, here and in the filters' subqueries: the planner reads only its partitions
        List<Object> parameters = new ArrayList<>(List.of(tenant));
        String where = " where a.tenant_id = ?" + filter.criteria(asOf).sql("a", "s", tenant, parameters);
        String from = " from account a left join account_snapshot s"
                + " on s.tenant_id = a.tenant_id and s.account_id = a.account_id";
        long total = database.one("select count(*) as total" + from + where, row -> row.longValue("total"),
                parameters.toArray());
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(size);
        paged.add((long) (page - 1) * size);
        List<Line> lines = database.query("select " + LINE + from + where + " order by "
                + SORTS.getOrDefault(sort, SORTS.get("health")) + ", a.name, a.account_id limit ? offset ?",
                AccountBook::line, paged.toArray());
        return new Page(lines, total, page, size);
    }

    public Optional<Full> find(String accountId) {
        return database.first("select " + LINE + ", a.industry, a.plan, a.customer_since, a.licensed_seats,"
                + " a.first_value_date, s.month, s.detail from account a left join account_snapshot s"
                + " on s.tenant_id = a.tenant_id and s.account_id = a.account_id where a.account_id = ?",
                row -> new Full(line(row), row.string("industry"), row.string("plan"), row.localDate("customer_since"),
                        row.nullableInt("licensed_seats"), row.localDate("first_value_date"),
                        row.localDate("month") == null ? null : YearMonth.from(row.localDate("month")),
                        row.string("detail") == null ? null : detail(row.string("detail"))), accountId);
    }

    public List<HistoryPoint> history(String accountId) {
        return database.query("select month, mrr, health, band, model_version from account_month where account_id = ?"
                + " order by month", row -> new HistoryPoint(YearMonth.from(row.localDate("month")),
                        row.doubleValue("mrr"), row.nullableDouble("health"), row.string("band"),
                        row.integer("model_version")), accountId);
    }

    private static final String LINE = "a.account_id, a.name, a.segment, a.csm_email, coalesce(s.mrr, 0) as mrr,"
            + " s.health, s.band, a.renewal_date, s.previous_health, coalesce(s.active, false) as active,"
            + " (select count(*) from alert x where x.tenant_id = a.tenant_id and x.account_id = a.account_id"
            + " and x.status <> 'resolved')::int as open_alerts,"
            + " (select o.band from health_override o where o.tenant_id = a.tenant_id and o.account_id = a.account_id"
            + " and o.expires_on >= (now() at time zone 'UTC')::date) as override_band";

    private static Line line(Row row) {
        return new Line(row.string("account_id"), row.string("name"), row.string("segment"), row.string("csm_email"),
                row.doubleValue("mrr"), row.nullableDouble("health"), row.string("band"), row.localDate("renewal_date"),
                row.nullableDouble("previous_health"), row.bool("active"), row.integer("open_alerts"),
                row.string("override_band"));
    }

    /**
     * The totals of a CSM's book ({@code csmEmail}), or of every account when null; renewals counted from
     * {@code today}.
     */
    public BookTotals totals(String csmEmail, LocalDate today) {
        String mine = csmEmail == null ? "" : " and lower(c.csm_email) = lower(?)";
        List<Object> parameters = new ArrayList<>(List.of(Band.AT_RISK.key(), today, today.plusDays(90)));
        if (csmEmail != null) {
            parameters.add(csmEmail);
        }
        // the tenant named, not left to row-level security: the planner reads only its partition (architecture.md 4)
        parameters.add(TenantContext.require());
        if (csmEmail != null) {
            parameters.addAll(List.of(csmEmail, csmEmail));
        }
        // one pass over the book, and one aggregate each for alerts and pipeline (not one subquery per account)
        return database.one("select count(*) filter (where s.active) as accounts,"
                + " count(*) filter (where s.active and s.band = ?) as at_risk,"
                + " count(*) filter (where s.active and c.renewal_date between ? and ?) as renewals,"
                + " (select count(*) from alert x join account c on c.tenant_id = x.tenant_id"
                + " and c.account_id = x.account_id where x.status <> 'resolved'" + mine + ") as open_alerts,"
                + " (select coalesce(sum(o.amount), 0) from opportunity o join account c on c.tenant_id = o.tenant_id"
                + " and c.account_id = o.account_id where o.tenant_id = ? and o.type = 'expansion' and o.stage = 'open'"
                + mine + ")"
                + " as open_expansion from account c left join account_snapshot s on s.tenant_id = c.tenant_id"
                + " and s.account_id = c.account_id where true" + mine,
                row -> new BookTotals(row.integer("accounts"), row.integer("at_risk"), row.integer("renewals"),
                        row.integer("open_alerts"), row.doubleValue("open_expansion")), parameters.toArray());
    }

    /** Whether {@code csmEmail} owns any account. */
    public boolean owns(String csmEmail) {
        return csmEmail != null && database.one("select exists (select 1 from account"
                + " where lower(csm_email) = lower(?)) as owns", row -> row.bool("owns"), csmEmail);
    }

    /**
     * The explanation of the account's snapshot, worked out from the scoring's inputs it stores and the
     * model version that scored them ({@link AccountDetail#of(AccountDetail.Stored, HealthModel)}), once
     * per tenant and distinct text: the same inputs and version give the same explanation, and a
     * recalculation that changes them makes a new key. Snapshots saved before the inputs were stored
     * hold the explanation itself, which is read as it is.
     */
    private AccountDetail detail(String value) {
        return PageCache.get(details, TenantContext.require() + "\n" + value, () -> parse(value));
    }

    private AccountDetail parse(String value) {
        try {
            JsonNode stored = json.readTree(value);
            if (stored.has("explainMeasures")) {
                return json.treeToValue(stored, AccountDetail.class);
            }
            AccountDetail.Stored inputs = json.treeToValue(stored, AccountDetail.Stored.class);
            return AccountDetail.of(inputs, models.model(inputs.modelVersion()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
