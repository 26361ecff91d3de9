package dev.bellwether.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bellwether.platform.RecalculationRequested;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The recalculation requests of every tenant, as a queue in PostgreSQL that several app
 * replicas can share:
 * <ul>
 * <li>at most one request per tenant is pending: a request made while one is pending joins it;</li>
 * <li>a worker claims a pending request with {@code FOR UPDATE SKIP LOCKED}, and only when no
 * run of the same tenant is alive, so runs of a tenant never overlap;</li>
 * <li>a running request holds a lease its worker renews with heartbeats; one whose lease lapsed
 * (its worker died) is marked failed and its work requested again;</li>
 * <li>a failed run is retried after a delay, up to {@value #MAX_ATTEMPTS} attempts.</li>
 * </ul>
 * Changes ask for a recalculation by firing {@link RecalculationRequested} in their transaction:
 * {@link #record} adds the request to that transaction together with a {@code NOTIFY} on
 * {@value #CHANNEL}, which PostgreSQL delivers to every instance's worker when (and only when) the
 * transaction commits; {@link #wakeAfterCommit} wakes this instance's worker directly as well.
 */
@ApplicationScoped
public class RecalculationQueue {

    static final int MAX_ATTEMPTS = 3;

    /** The PostgreSQL notification channel a committed request is announced on. */
    static final String CHANNEL = "bellwether_recalculation";

    /**
     * A claimed request: its id, how many times it has been tried (this time included), and what it
     * is narrowed to (null: everything).
     */
    public record Claim(long id, int attempt, Narrowing narrowing) {

        public Claim(long id, int attempt) {
            this(id, attempt, null);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** How long a run's last heartbeat keeps it alive; the worker sends one every few seconds. */
    @ConfigProperty(name = "bellwether.recalculation.lease", defaultValue = "15s")
    Duration lease;

    @Inject
    RecalculationWorker worker;

    /**
     * Records a request in the transaction that fired it (inside a JTA transaction the pool hands
     * out that transaction's connection) and announces it to every worker for when it commits.
     */
    void record(@Observes RecalculationRequested requested) {
        try (Connection connection = dataSource.getConnection()) {
            Narrowing narrowing = requested.changedFrom().isPresent() && requested.changedAccounts().isPresent()
                    ? new Narrowing(requested.changedFrom().get(), requested.changedAccounts().get())
                    : null;
            requested.recorded(request(connection, requested.tenant(), requested.reason(), narrowing));
            try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, requested.tenant());
                notify.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not request a recalculation of " + requested.tenant(), e);
        }
    }

    /** Once the change has committed, this instance's worker looks for work at once. */
    void wakeAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) RecalculationRequested requested) {
        if (requested.largeImport()) {
            worker.wakeAfterLargeImport(requested.tenant());
        } else {
            worker.wake();
        }
    }

    /**
     * Requests a recalculation in the caller's transaction (so it exists exactly when the change
     * that asked for it commits); returns the id of the pending request it joined or created.
     */
    public long request(Connection connection, String tenant, String reason) throws SQLException {
        return request(connection, tenant, reason, null);
    }

    /**
     * Requests a recalculation narrowed to {@code narrowing} (null: everything). Joining a pending
     * request merges the two: the earliest month and the union of the accounts, or everything when
     * either asks for everything. A change joining a delayed retry makes it a new request: it runs now,
     * with all its attempts (else a change arriving after two failures had one attempt left).
     */
    public long request(Connection connection, String tenant, String reason, Narrowing narrowing)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into recalculation (tenant_id, reason, changed_from, changed_accounts)
                values (?, ?, ?, ?::text[])
                on conflict (tenant_id) where status = 'pending' do update set requested_at = now(), run_after = now(),
                  attempts = 0,
                  changed_from = case when recalculation.changed_from is null or excluded.changed_from is null then null
                                      else least(recalculation.changed_from, excluded.changed_from) end,
                  changed_accounts = case when recalculation.changed_from is null or excluded.changed_from is null
                                          then null
                                          else array(select distinct a from unnest(recalculation.changed_accounts
                                                     || excluded.changed_accounts) a order by a) end
                returning id""")) {
            statement.setString(1, tenant);
            statement.setString(2, reason);
            statement.setObject(3, narrowing == null ? null : narrowing.from().atDay(1));
            statement.setArray(4, narrowing == null ? null
                    : connection.createArrayOf("text", narrowing.accounts().stream().sorted().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong("id");
            }
        }
    }

    /** Tenants with work to do (tenant ids only; they come from a function that sees every tenant). */
    public List<String> tenantsWithWork() {
        List<String> tenants = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select bw_tenants_with_recalculation_work(make_interval(secs => ?)) as tenant_id")) {
            statement.setDouble(1, lease.toMillis() / 1000.0);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tenants.add(rows.getString("tenant_id"));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look for recalculation work", e);
        }
        return tenants;
    }

    /** Claims the current tenant's pending request, if it has one and none of its runs is alive. */
    public Optional<Claim> claim(String tenant) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement stale = connection.prepareStatement("""
                        update recalculation set status = 'failed', finished_at = now(), phase = null,
                               error = 'The server running it stopped; it is being run again.'
                        where tenant_id = ? and status = 'running' and heartbeat_at < now() - make_interval(secs => ?)
                        returning id, attempts""")) {
                    stale.setString(1, tenant);
                    stale.setDouble(2, lease.toMillis() / 1000.0);
                    try (ResultSet rows = stale.executeQuery()) {
                        // counted like any failure (a run that kills its server is not retried forever),
                        // but run again at once: the usual cause is a server stopped mid-run
                        if (rows.next() && !afterFailure(connection, tenant, rows.getInt("attempts"), 0)) {
                            try (PreparedStatement said = connection.prepareStatement(
                                    "update recalculation set error = ? where tenant_id = ? and id = ?")) {
                                said.setString(1, "The server running it stopped, " + MAX_ATTEMPTS + " times: it is"
                                        + " not run again. The next change recalculates again.");
                                said.setString(2, tenant);
                                said.setLong(3, rows.getLong("id"));
                                said.executeUpdate();
                            }
                        }
                    }
                }
                try (PreparedStatement claim = connection.prepareStatement("""
                        update recalculation set status = 'running', started_at = now(), heartbeat_at = now(),
                               attempts = attempts + 1, progress = 0, phase = 'Starting'
                        where id = (select id from recalculation p where p.tenant_id = ? and p.status = 'pending'
                                      and p.run_after <= now()
                                      and not exists (select 1 from recalculation r
                                                      where r.tenant_id = ? and r.status = 'running')
                                    order by p.id limit 1 for update skip locked)
                        returning id, attempts, changed_from, changed_accounts""")) {
                    claim.setString(1, tenant);
                    claim.setString(2, tenant);
                    try (ResultSet rows = claim.executeQuery()) {
                        if (!rows.next()) {
                            return Optional.<Claim>empty();
                        }
                        java.sql.Date from = rows.getDate("changed_from");
                        java.sql.Array accounts = rows.getArray("changed_accounts");
                        Narrowing narrowing = from == null || accounts == null ? null
                                : new Narrowing(YearMonth.from(from.toLocalDate()),
                                        Set.of((String[]) accounts.getArray()));
                        return Optional.of(new Claim(rows.getLong("id"), rows.getInt("attempts"), narrowing));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not claim a recalculation", e);
            }
        });
    }

    /** Progress and heartbeat of a running request, in its own transaction. */
    public void progress(long id, int progress, String phase) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement("""
                            update recalculation set progress = ?, phase = ?, heartbeat_at = now()
                            where tenant_id = app_tenant() and id = ? and status = 'running'""")) {
                statement.setInt(1, progress);
                statement.setString(2, phase);
                statement.setLong(3, id);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Renews the lease of a running request of the current tenant, in its own transaction. */
    public void heartbeat(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement("""
                            update recalculation set heartbeat_at = now()
                            where tenant_id = app_tenant() and id = ? and status = 'running'""")) {
                statement.setLong(1, id);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Marks a request done, in the transaction that wrote its snapshots. */
    public void done(Connection connection, long id) throws SQLException {
        done(connection, id, null);
    }

    /**
     * Marks a request done with what the run did ("full: …" or "incremental: …"), in the transaction that
     * wrote its results; {@link LeaseLost} (and that transaction rolled back) when the run is no longer
     * running: its lease lapsed and another server marked it failed and took the work over.
     */
    public void done(Connection connection, long id, String scope) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update recalculation set status = 'done', progress = 100, phase = null, finished_at = now(),
                    error = null, scope = ?
                where tenant_id = app_tenant() and id = ? and status = 'running'""")) {
            statement.setString(1, scope);
            statement.setLong(2, id);
            if (statement.executeUpdate() == 0) {
                throw new LeaseLost(id);
            }
        }
    }

    /** A run whose lease lapsed: its results are discarded, the server that took over recalculates. */
    public static final class LeaseLost extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LeaseLost(long id) {
            super("Recalculation " + id + " stalled past its lease and was taken over; its results were discarded",
                    null, false, false);
        }
    }

    /** Marks a run failed with its reason and, while attempts remain, asks for another after a delay. */
    public void fail(String tenant, Claim claim, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                // still running: a run another server took over (its lease lapsed) is that server's to judge
                try (PreparedStatement statement = connection.prepareStatement("""
                        update recalculation set status = 'failed', phase = null, finished_at = now(), error = ?
                        where tenant_id = ? and id = ? and status = 'running'""")) {
                    statement.setString(1, reason);
                    statement.setString(2, tenant);
                    statement.setLong(3, claim.id());
                    if (statement.executeUpdate() == 0) {
                        return;
                    }
                }
                afterFailure(connection, tenant, claim.attempt(), 5 * claim.attempt() * claim.attempt());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * What follows a failed attempt (its run marked failed): a request waiting behind it must redo
     * everything, the failed run's narrowing being lost with it; while attempts remain, another after
     * {@code delaySeconds}. Whether anything will run (a retry, or a request that was waiting).
     */
    private static boolean afterFailure(Connection connection, String tenant, int attempt, int delaySeconds)
            throws SQLException {
        boolean waiting;
        try (PreparedStatement widen = connection.prepareStatement("""
                update recalculation set changed_from = null, changed_accounts = null
                where tenant_id = ? and status = 'pending'""")) {
            widen.setString(1, tenant);
            waiting = widen.executeUpdate() > 0;
        }
        if (attempt < MAX_ATTEMPTS) {
            try (PreparedStatement retry = connection.prepareStatement("""
                    insert into recalculation (tenant_id, reason, attempts, run_after)
                    values (?, 'retry', ?, now() + make_interval(secs => ?))
                    on conflict (tenant_id) where status = 'pending' do nothing""")) {
                retry.setString(1, tenant);
                retry.setInt(2, attempt);
                retry.setInt(3, delaySeconds);
                retry.executeUpdate();
            }
            return true;
        }
        return waiting;
    }
}
