package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.metrics.calc.FactsBuilder;
import dev.bellwether.metrics.calc.Months;
import dev.bellwether.metrics.calc.TenantFacts;
import dev.bellwether.tenant.TenantContext;
import io.agroal.api.AgroalDataSource;

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

    private final ExecutorService usageReaders = Executors.newCachedThreadPool(DaemonThreads.named("usage-reader"));

    /** The tenant's facts, or null when it has no MRR data yet (no reporting month). */
    public TenantFacts load(Connection connection, String tenant, IntConsumer progress) throws SQLException {
        Months months = months(connection, tenant);
        if (months == null) {
            return null;
        }
        FactsBuilder facts = new FactsBuilder(months);
        LocalDate firstWindow = months.month(0).atDay(1).minusDays(180);
        LocalDate lastDay = months.lastDate(months.count() - 1);
        stream(connection, """
                select account_id, name, segment, csm_email, customer_since, renewal_date, licensed_seats, first_value_date
                from account where tenant_id = ? order by account_id""", tenant, null, null, rows -> facts.account(
                rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), date(rows, 5), date(rows, 6),
                (Integer) rows.getObject(7), date(rows, 8)));
        String snapshot = exportSnapshot(connection);
        Future<?> usage = usageReaders.submit(() -> TenantContext.run(tenant, () -> readUsage(snapshot, tenant, facts,
                firstWindow, lastDay)));
        try {
            stream(connection, "select account_id, month, mrr from mrr where tenant_id = ?", tenant, null, null,
                    rows -> facts.mrr(rows.getString(1), YearMonth.from(rows.getDate(2).toLocalDate()),
                            rows.getDouble(3)));
            progress.accept(10);
            stream(connection, """
                    select account_id, responded_at - date '1970-01-01', type, score from survey_response
                    where tenant_id = ? and responded_at > ? and responded_at <= ? order by account_id""", tenant,
                    firstWindow, lastDay,
                    rows -> facts.survey(rows.getString(1), rows.getInt(2), rows.getString(3), rows.getInt(4)));
            stream(connection, """
                    select account_id, extract(epoch from opened_at)::bigint,
                           extract(epoch from first_response_at)::bigint, extract(epoch from resolved_at)::bigint,
                           resolved_on_first_contact
                    from ticket where tenant_id = ? order by account_id""", tenant, null, null,
                    rows -> facts.ticket(rows.getString(1), rows.getLong(2), (Long) rows.getObject(3),
                            (Long) rows.getObject(4), (Boolean) rows.getObject(5)));
            stream(connection, """
                    select account_id, occurred_at - date '1970-01-01', type from activity
                    where tenant_id = ? and occurred_at <= ? order by account_id""", tenant, lastDay, null,
                    rows -> facts.activity(rows.getString(1), rows.getInt(2), rows.getString(3)));
            stream(connection,
                    "select account_id, type, amount, stage, close_date from opportunity where tenant_id = ?", tenant,
                    null, null, rows -> facts.opportunity(rows.getString(1), rows.getString(2), rows.getDouble(3),
                            rows.getString(4), date(rows, 5)));
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
                execute(connection, "set transaction isolation level repeatable read, read only");
                execute(connection, "set transaction snapshot '" + snapshot + "'");
                // nearly every row, in key order: the primary key's order, not a sort of millions of rows,
                // which is what a freshly loaded partition without statistics yet would get
                execute(connection, "set local enable_sort = off");
                stream(connection, """
                        select account_id, day - date '1970-01-01', user_id, feature, events from product_usage
                        where tenant_id = ? and day > ? and day <= ? order by account_id, day""", tenant, from, to,
                        // the texts as UTF-8 bytes (pgjdbc hands over a text column's bytes as received)
                        rows -> facts.usage(rows.getBytes(1), rows.getInt(2), rows.getBytes(3), rows.getBytes(4),
                                rows.getLong(5)));
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
        try (PreparedStatement statement = connection.prepareStatement("select pg_export_snapshot()");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            String id = rows.getString(1);
            if (!SNAPSHOT_ID.matcher(id).matches()) {
                throw new IllegalStateException("Unexpected snapshot id " + id);
            }
            return id;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    @PreDestroy
    void stop() {
        usageReaders.shutdownNow();
    }

    /** From the first to the last month of the tenant's MRR data; null without any. */
    private static Months months(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select min(month), max(month) from mrr where tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Date first = rows.getDate(1);
                return first == null ? null
                        : new Months(YearMonth.from(first.toLocalDate()), YearMonth.from(rows.getDate(2).toLocalDate()));
            }
        }
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rows) throws SQLException;
    }

    private static void stream(Connection connection, String sql, String tenant, LocalDate from, LocalDate to,
            RowHandler handler) throws SQLException {
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
                while (rows.next()) {
                    handler.row(rows);
                }
            }
        }
    }

    private static LocalDate date(ResultSet rows, int column) throws SQLException {
        Date value = rows.getDate(column);
        return value == null ? null : value.toLocalDate();
    }
}
