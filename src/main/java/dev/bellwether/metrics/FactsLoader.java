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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.bellwether.metrics.calc.FactsBuilder;
import dev.bellwether.metrics.calc.Months;
import dev.bellwether.metrics.calc.TenantFacts;
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
        FactsBuilder facts = new FactsBuilder(months);
        stream(connection, "select qbr_segments from tenant where id = ?", tenant, null, null,
                rows -> facts.qbrSegments(texts(rows.getArray("qbr_segments"))));
        LocalDate firstWindow = months.month(0).atDay(1).minusDays(180);
        LocalDate lastDay = months.lastDate(months.count() - 1);
        stream(connection, """
                select account_id, name, segment, industry, plan, csm_email, customer_since, renewal_date,
                       licensed_seats, first_value_date
                from account where tenant_id = ? order by account_id""", tenant, null, null, rows -> facts.account(
                rows.getString("account_id"), rows.getString("name"), rows.getString("segment"),
                rows.getString("industry"), rows.getString("plan"),
                rows.getString("csm_email"), date(rows, "customer_since"), date(rows, "renewal_date"),
                rows.getObject("licensed_seats", Integer.class), date(rows, "first_value_date")));
        String snapshot = exportSnapshot(connection);
        Future<?> usage = usageReaders.submit(() -> TenantContext.run(tenant, () -> readUsage(snapshot, tenant, facts,
                firstWindow, lastDay)));
        try {
            stream(connection, "select account_id, month, mrr from mrr where tenant_id = ?", tenant, null, null,
                    rows -> facts.mrr(rows.getString("account_id"), YearMonth.from(date(rows, "month")),
                            rows.getDouble("mrr")));
            progress.accept(10);
            stream(connection, """
                    select account_id, responded_at - date '1970-01-01' as epoch_day, type, score from survey_response
                    where tenant_id = ? and responded_at > ? and responded_at <= ? order by account_id""", tenant,
                    firstWindow, lastDay,
                    rows -> facts.survey(rows.getString("account_id"), rows.getInt("epoch_day"), rows.getString("type"),
                            rows.getInt("score")));
            stream(connection, """
                    select account_id, extract(epoch from opened_at)::bigint as opened,
                           extract(epoch from first_response_at)::bigint as first_response,
                           extract(epoch from resolved_at)::bigint as resolved, resolved_on_first_contact
                    from ticket where tenant_id = ? order by account_id""", tenant, null, null,
                    rows -> facts.ticket(rows.getString("account_id"), rows.getLong("opened"),
                            rows.getObject("first_response", Long.class), rows.getObject("resolved", Long.class),
                            rows.getObject("resolved_on_first_contact", Boolean.class)));
            // imported activities and those CSMs logged in the app (account_note, every type but note)
            streamActivities(connection, tenant, lastDay,
                    rows -> facts.activity(rows.getString("account_id"), rows.getInt("epoch_day"),
                            rows.getString("type")));
            stream(connection,
                    "select account_id, type, amount, stage, close_date from opportunity where tenant_id = ?", tenant,
                    null, null, rows -> facts.opportunity(rows.getString("account_id"), rows.getString("type"),
                            rows.getDouble("amount"), rows.getString("stage"), date(rows, "close_date")));
            progress.accept(30);
            usage.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading usage", e);
        } finally {
            usage.cancel(true);
        }
        progress.accept(40);
        return facts.build();
    }

    /** Reads the usage rows into {@code facts} on a connection of its own, in {@code snapshot}. */
    private void readUsage(String snapshot, String tenant, FactsBuilder facts, LocalDate from, LocalDate to) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Sql.execute(connection, "set transaction isolation level repeatable read, read only");
                Sql.execute(connection, "set transaction snapshot '" + snapshot + "'");
                // nearly every row, in key order: the primary key's order, not a sort of millions of rows,
                // which is what a freshly loaded partition without statistics yet would get
                Sql.execute(connection, "set local enable_sort = off");
                streamPrepared(connection, """
                        select account_id, day - date '1970-01-01' as epoch_day, user_id, feature, events
                        from product_usage
                        where tenant_id = ? and day > ? and day <= ? order by account_id, day""", tenant, from, to,
                        rows -> {
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
    private static Months months(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select min(month) as first_month, max(month) as last_month from mrr where tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                LocalDate first = date(rows, "first_month");
                return first == null ? null
                        : new Months(YearMonth.from(first), YearMonth.from(date(rows, "last_month")));
            }
        }
    }

    /**
     * The tenant's activities up to {@code lastDay}, grouped by account: the imported ones and the ones
     * logged in the app, which live in their own table so that no import can overwrite or delete them.
     */
    private static void streamActivities(Connection connection, String tenant, LocalDate lastDay, RowHandler handler)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select account_id, occurred_at - date '1970-01-01' as epoch_day, type from activity
                where tenant_id = ? and occurred_at <= ?
                union all
                select account_id, occurred_at - date '1970-01-01' as epoch_day, type from account_note
                where tenant_id = ? and occurred_at <= ? and type <> 'note'
                order by account_id""")) {
            statement.setFetchSize(FETCH);
            Sql.bind(statement, tenant, lastDay, tenant, lastDay);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.row(rows);
                }
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

    private static void stream(Connection connection, String sql, String tenant, LocalDate from, LocalDate to,
            RowHandler handler) throws SQLException {
        streamPrepared(connection, sql, tenant, from, to, rows -> handler);
    }

    private static void streamPrepared(Connection connection, String sql, String tenant, LocalDate from, LocalDate to,
            RowHandlers handlers) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH);
            statement.setString(1, tenant);
            if (from != null) {
                statement.setObject(2, from);
            }
            if (to != null) {
                statement.setObject(from == null ? 2 : 3, to);
            }
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
