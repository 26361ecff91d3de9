package dev.bellwether.metrics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.bellwether.metrics.calc.FactsBuilder;
import dev.bellwether.metrics.calc.Months;
import dev.bellwether.metrics.calc.TenantFacts;
import dev.bellwether.platform.sql.LoggedActivities;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.smallrye.context.api.NamedInstance;

/**
 * Reads a tenant's imported data into {@link TenantFacts}. PostgreSQL filters each table to the
 * tenant (row-level security, and the explicit key prefix for the indexes) and to the months' time
 * span, and streams the rows grouped by account in index order; {@link FactsBuilder} computes the
 * sliding windows, which SQL does badly (rolling 30/60/90/180-day windows at every month end,
 * distinct users and features among them).
 *
 * <p>Usage, by far the largest table, is read on a second connection while the caller's reads the
 * other tables: the second transaction adopts the first one's snapshot ({@code pg_export_snapshot}),
 * so both see exactly the same data.
 */
@ApplicationScoped
public class FactsLoader {

    private static final int FETCH = 10_000;
    /** The tenant's first and last month of MRR, from the two ends of the index {@code mrr_month} (V30). */
    static final String MONTHS =
            "select min(month) as first_month, max(month) as last_month from mrr where tenant_id = ?";
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]+-[0-9A-F]+-[0-9]+");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @NamedInstance(EngineThreads.NAME)
    ManagedExecutor usageReaders;

    /** The tenant's facts, or null when it has no MRR data yet (no reporting month). */
    public TenantFacts load(Connection connection, String tenant, IntConsumer progress) throws SQLException {
        Months months = months(connection, tenant);
        if (months == null) {
            return null;
        }
        return read(connection, tenant, months, 0, null, null, progress);
    }

    /**
     * Part of the tenant's facts, for an incremental recalculation: only {@code accounts} (all when
     * null), and of each kind only the rows the windows of months {@code from} onward look at (usage
     * of the 60 days before the first of them, answers of the 180 days, activities of the 90 days,
     * the tickets still open then, MRR from that month; every opportunity). The facts of months before
     * {@code from} are therefore incomplete: the caller keeps its own for those (see
     * {@link dev.bellwether.metrics.calc.IncrementalFacts}). With {@code from} 0 they are whole.
     *
     * <p>{@code previous}, the facts of the run the caller builds on (or null), holds each account's
     * usage of the 60 days before its last month's end
     * ({@link dev.bellwether.metrics.calc.AccountFacts#usageTail}). When the change starts at that
     * month or later, those days are taken from there and only the usage dated
     * from month {@code from} on (or after the previous last month, if earlier) is read: a new month's
     * windows reach 60 days back, the rows that changed lie in the last 30.
     */
    public TenantFacts loadPart(Connection connection, String tenant, Months months, int from,
            Collection<String> accounts, TenantFacts previous, IntConsumer progress) throws SQLException {
        return read(connection, tenant, months, from, accounts, previous, progress);
    }

    private TenantFacts read(Connection connection, String tenant, Months months, int from,
            Collection<String> only, TenantFacts previous, IntConsumer progress) throws SQLException {
        FactsBuilder facts = new FactsBuilder(months);
        String[] accounts = only == null ? null : only.stream().sorted().toArray(String[]::new);
        String accountFilter = accounts == null ? "" : " and account_id = any(?::text[])";
        stream(connection, "select qbr_segments from tenant where id = ?", List.of(tenant),
                rows -> facts.qbrSegments(texts(rows.getArray("qbr_segments"))));
        LocalDate lastDay = months.lastDate(months.count() - 1);
        // the earliest day each kind's windows of months `from` onward look at (whole history when from is 0)
        int d = months.lastDay(from);
        LocalDate usageAfter = from == 0 ? months.month(0).atDay(1).minusDays(180)
                : LocalDate.ofEpochDay(carryUsage(facts, months, from, previous));
        LocalDate surveysAfter = from == 0 ? usageAfter : LocalDate.ofEpochDay(d - 180);
        LocalDate activitiesAfter = from == 0 ? LocalDate.of(1, 1, 1) : LocalDate.ofEpochDay(d - 90);
        LocalDate firstMonth = months.month(from).atDay(1);
        long ticketsResolvedFrom = from == 0 ? Long.MIN_VALUE / 2 : (months.firstDay(from) - 1L) * 86_400;
        stream(connection, """
                select account_id, name, segment, industry, plan, csm_email, customer_since, renewal_date,
                       licensed_seats, first_value_date
                from account where tenant_id = ?""" + accountFilter + " order by account_id",
                params(tenant, accounts), rows -> facts.account(
                rows.getString("account_id"), rows.getString("name"), rows.getString("segment"),
                rows.getString("industry"), rows.getString("plan"),
                rows.getString("csm_email"), date(rows, "customer_since"), date(rows, "renewal_date"),
                rows.getObject("licensed_seats", Integer.class), date(rows, "first_value_date")));
        String snapshot = exportSnapshot(connection);
        Future<?> usage = usageReaders.submit(() -> TenantContext.run(tenant, () -> readUsage(snapshot, tenant, facts,
                usageAfter, lastDay, accounts, from == 0)));
        try {
            stream(connection, "select account_id, month, mrr from mrr where tenant_id = ? and month >= ?"
                    + accountFilter, params(tenant, firstMonth, accounts),
                    rows -> facts.mrr(rows.getString("account_id"), YearMonth.from(date(rows, "month")),
                            rows.getDouble("mrr")));
            progress.accept(10);
            stream(connection, """
                    select account_id, responded_at - date '1970-01-01' as epoch_day, type, score from survey_response
                    where tenant_id = ? and responded_at > ? and responded_at <= ?""" + accountFilter
                    + " order by account_id", params(tenant, surveysAfter, lastDay, accounts),
                    rows -> facts.survey(rows.getString("account_id"), rows.getInt("epoch_day"), rows.getString("type"),
                            rows.getInt("score")));
            // whole seconds, floored: a cast rounds, and put 23:59:59.6 of a day on the next one
            stream(connection, """
                    select account_id, floor(extract(epoch from opened_at))::bigint as opened,
                           floor(extract(epoch from first_response_at))::bigint as first_response,
                           floor(extract(epoch from resolved_at))::bigint as resolved, resolved_on_first_contact
                    from ticket where tenant_id = ?
                      and (resolved_at is null or extract(epoch from resolved_at) >= ?)""" + accountFilter
                    + " order by account_id", params(tenant, ticketsResolvedFrom, accounts),
                    rows -> facts.ticket(rows.getString("account_id"), rows.getLong("opened"),
                            rows.getObject("first_response", Long.class), rows.getObject("resolved", Long.class),
                            rows.getObject("resolved_on_first_contact", Boolean.class)));
            // imported activities and those CSMs logged in the app (account_note, every type but note)
            stream(connection, """
                    select account_id, occurred_at - date '1970-01-01' as epoch_day, type from activity
                    where tenant_id = ? and occurred_at > ? and occurred_at <= ?""" + accountFilter + """

                    union all
                    select account_id, occurred_at - date '1970-01-01' as epoch_day, type from account_note
                    where tenant_id = ? and occurred_at > ? and occurred_at <= ? and type <> 'note'
                      and""" + " " + LoggedActivities.NOT_IMPORTED + accountFilter
                    + " order by account_id", join(params(tenant, activitiesAfter, lastDay, accounts),
                            params(tenant, activitiesAfter, lastDay, accounts)),
                    rows -> facts.activity(rows.getString("account_id"), rows.getInt("epoch_day"),
                            rows.getString("type")));
            stream(connection, "select account_id, type, amount, stage, close_date from opportunity where tenant_id = ?"
                    + accountFilter, params(tenant, accounts),
                    rows -> facts.opportunity(rows.getString("account_id"), rows.getString("type"),
                            rows.getDouble("amount"), rows.getString("stage"), date(rows, "close_date")));
            progress.accept(30);
            EngineThreads.await(usage, "reading usage");
        } finally {
            usage.cancel(true);
        }
        progress.accept(40);
        return facts.build();
    }

    /**
     * Hands {@code facts} the usage {@code previous} kept for the days the windows of months {@code from}
     * onward look at, when it kept them all, and answers the day after which rows must be read.
     */
    private static int carryUsage(FactsBuilder facts, Months months, int from, TenantFacts previous) {
        int windowAfter = months.lastDay(from) - 60;
        if (previous == null) {
            return windowAfter;
        }
        int previousEnd = previous.months().lastDay(previous.months().count() - 1);
        if (previousEnd - 60 > windowAfter) {
            return windowAfter; // the change starts before the previous last month: its tail does not reach back
        }
        int readAfter = Math.min(months.firstDay(from) - 1, previousEnd);
        facts.usageCarried(previous.accounts(), windowAfter, readAfter);
        return readAfter;
    }

    /**
     * The number of distinct features any account of the tenant used (events > 0) in each month's
     * (D−30, D], for months {@code from} onward (the months before are 0): the feature-adoption
     * denominator, which a part of the accounts cannot give.
     */
    public int[] tenantFeatures(Connection connection, String tenant, Months months, int from) {
        int first = months.lastDay(from) - 30;
        List<int[]> days = new java.util.ArrayList<>();
        java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
        Sql.query(connection, """
                select distinct day - date '1970-01-01' as epoch_day, feature from product_usage
                where tenant_id = ? and day > ? and day <= ? and events > 0""", FETCH, row -> {
            days.add(new int[] { row.integer("epoch_day"),
                    numbers.computeIfAbsent(row.string("feature"), f -> numbers.size()) });
            return null;
        }, tenant, LocalDate.ofEpochDay(first), months.lastDate(months.count() - 1));
        int[] counts = new int[months.count()];
        for (int i = from; i < months.count(); i++) {
            int d = months.lastDay(i);
            java.util.BitSet seen = new java.util.BitSet();
            for (int[] day : days) {
                if (day[0] > d - 30 && day[0] <= d) {
                    seen.set(day[1]);
                }
            }
            counts[i] = seen.cardinality();
        }
        return counts;
    }

    /** The parameters of a query: the values, then the accounts' ids when the query is limited to some. */
    private static List<Object> params(Object... values) {
        List<Object> list = new java.util.ArrayList<>(Arrays.asList(values));
        if (list.get(list.size() - 1) == null) {
            list.remove(list.size() - 1);
        }
        return list;
    }

    private static List<Object> join(List<Object> one, List<Object> other) {
        List<Object> list = new java.util.ArrayList<>(one);
        list.addAll(other);
        return list;
    }

    /**
     * Reads the usage rows into {@code facts} on a connection of its own, in {@code snapshot}: of
     * {@code accounts} (all when null), from the day after {@code from} to {@code to}, a span that
     * covers the whole history when {@code wholeHistory}.
     */
    private void readUsage(String snapshot, String tenant, FactsBuilder facts, LocalDate from, LocalDate to,
            String[] accounts, boolean wholeHistory) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Sql.execute(connection, "set transaction isolation level repeatable read, read only");
                Sql.execute(connection, "set transaction snapshot '" + snapshot + "'");
                if (accounts == null && wholeHistory) {
                    // every row, in key order: the primary key's order, not a sort of millions of rows, which is
                    // what a freshly loaded partition without statistics yet would get. Recent days only (an
                    // incremental run, which follows a full one; a large import's statistics are refreshed after
                    // its run) are left to the planner: the last 60 days of the benchmark's 2.5 M rows came in
                    // 0.44 s scanned and sorted, 0.86 s in key order (psql, fetched whole)
                    Sql.execute(connection, "set local enable_sort = off");
                } else {
                    // sorted in memory rather than on disk (with the default 4 MB): a new month's 114,467 rows
                    // came in 0.24 s instead of 0.29 s (psql, fetched whole)
                    Sql.execute(connection, "set local work_mem = '64MB'");
                }
                streamPrepared(connection, """
                        select account_id, day - date '1970-01-01' as epoch_day, user_id, feature, events
                        from product_usage
                        where tenant_id = ? and day > ? and day <= ?""" + (accounts == null ? ""
                        : " and account_id = any(?::text[])") + " order by account_id, day",
                        params(tenant, from, to, accounts), rows -> {
                            // millions of rows: the columns are found by name once, before the first row
                            int account = rows.findColumn("account_id");
                            int day = rows.findColumn("epoch_day");
                            int user = rows.findColumn("user_id");
                            int feature = rows.findColumn("feature");
                            int events = rows.findColumn("events");
                            // the texts as UTF-8 bytes (pgjdbc hands over a text column's bytes as received)
                            return row -> facts.usage(row.getBytes(account), row.getInt(day), row.getBytes(user),
                                    row.getBytes(feature), row.getLong(events));
                        });
            } finally {
                connection.rollback(); // read only: nothing to keep
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the usage of " + tenant, e);
        }
    }

    /** The id of the caller's transaction snapshot, for a second connection to read in. */
    private static String exportSnapshot(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_export_snapshot() as snapshot");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            String id = rows.getString("snapshot");
            if (!SNAPSHOT_ID.matcher(id).matches()) {
                throw new IllegalStateException("Unexpected snapshot id " + id);
            }
            return id;
        }
    }

    /** From the first to the last month of the tenant's MRR data; null without any. */
    static Months months(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MONTHS)) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                LocalDate first = date(rows, "first_month");
                return first == null ? null
                        : new Months(YearMonth.from(first), YearMonth.from(date(rows, "last_month")));
            }
        }
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rows) throws SQLException;
    }

    /** Makes a query's row handler once its result's columns are known (to find them by name once). */
    @FunctionalInterface
    private interface RowHandlers {
        RowHandler of(ResultSet rows) throws SQLException;
    }

    private static void stream(Connection connection, String sql, List<Object> parameters, RowHandler handler)
            throws SQLException {
        streamPrepared(connection, sql, parameters, rows -> handler);
    }

    private static void streamPrepared(Connection connection, String sql, List<Object> parameters,
            RowHandlers handlers) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH);
            Sql.bind(statement, parameters.toArray());
            try (ResultSet rows = statement.executeQuery()) {
                RowHandler handler = handlers.of(rows);
                while (rows.next()) {
                    handler.row(rows);
                }
            }
        }
    }

    private static LocalDate date(ResultSet rows, String column) throws SQLException {
        Date value = rows.getDate(column);
        return value == null ? null : value.toLocalDate();
    }

    /** A text[] column's elements, without nulls. */
    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of()
                : Arrays.stream((Object[]) array.getArray()).filter(Objects::nonNull).map(Object::toString).toList();
    }
}
