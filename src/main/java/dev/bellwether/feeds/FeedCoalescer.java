package dev.bellwether.feeds;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import dev.bellwether.ingest.ChangedScope;
import dev.bellwether.ingest.StagedEvents;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.context.api.ManagedExecutorConfig;
import io.smallrye.context.api.NamedInstance;

/**
 * Applies staged events. Every poll it asks which tenants have staged events and were last applied at
 * least {@code coalesce-seconds} ago ({@code bw_tenants_with_feed_events}, the one query that sees every
 * tenant); then, as each tenant and in one transaction, it locks the tenant's {@code feed_state} row
 * (another replica skips the tenant), marks every staged event applied, upserts the group calls into
 * {@code account} and the track calls into {@code product_usage}, and asks for one recalculation. So a
 * tenant sending without pause gets one recalculation per period, and a crash applies nothing twice.
 *
 * <p>Usage from events adds to the row of the same (account, user, day, feature), whether it came from
 * events or an import; a later usage.csv import of that key replaces it, as any re-import does. An
 * import applies the events staged before it first ({@link #applyFirst}), so that it replaces them too.
 */
@ApplicationScoped
public class FeedCoalescer implements StagedEvents {

    private static final Logger LOG = Logger.getLogger(FeedCoalescer.class);

    @Inject
    FeedConfig config;

    @Inject
    Database database;

    @Inject
    Event<RecalculationRequested> recalculations;

    @Inject
    @ManagedExecutorConfig(maxAsync = 1, propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    @NamedInstance("feeds")
    ManagedExecutor executor;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;

    @Scheduled(every = "${bellwether.feeds.poll:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!stopped && running.compareAndSet(false, true)) {
            executor.runAsync(this::applyAll);
        }
    }

    private void applyAll() {
        try {
            List<String> tenants = database.query("select bw_tenants_with_feed_events(make_interval(secs => ?))"
                    + " as tenant_id", row -> row.string("tenant_id"), config.coalesceSeconds());
            for (String tenant : tenants) {
                if (stopped) {
                    break;
                }
                try {
                    TenantContext.run(tenant, () -> apply(tenant));
                } catch (RuntimeException e) {
                    if (e instanceof SqlException sql && sql.lockNotAvailable()) {
                        LOG.info("The staged events of a tenant wait for another tenant's first load to commit");
                    } else {
                        LOG.errorf(e, "Could not apply the staged events of a tenant; they stay staged for the next"
                                + " round");
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("The feed coalescing job failed; it will look again", e);
        } finally {
            running.set(false);
        }
    }

    /** Applies the tenant's staged events; answers how many were applied (0 when another replica has it). */
    int apply(String tenant) {
        return QuarkusTransaction.requiringNew().timeout(600).call(() -> {
            ChangedScope scope = new ChangedScope();
            int applied = database.with(connection -> applyStaged(connection, scope));
            if (!scope.isEmpty()) {
                // the pages kept under the data's version show accounts and usage: this round makes a new one
                database.update("update tenant_snapshot set feed_changed_at = clock_timestamp()");
                // narrowed to the round's accounts and days (its events are those applied at now())
                recalculations.fire(database.with(connection -> scope.narrow(
                        new RecalculationRequested(tenant, "events"), ChangedScope.firstMonth(connection, tenant))));
            }
            return applied;
        });
    }

    /** Applies the round; adds what it changed to {@code scope}. */
    private int applyStaged(Connection connection, ChangedScope scope) {
        Sql.update(connection, "insert into feed_state (tenant_id, applied_at) values (app_tenant(), '-infinity')"
                + " on conflict do nothing");
        boolean mine = Sql.first(connection, "select applied_at from feed_state where applied_at <= now() - "
                + "make_interval(secs => ?) for update skip locked", row -> true, config.coalesceSeconds())
                .orElse(false);
        if (!mine) {
            return 0;
        }
        // an import of the tenant holds its lock until it commits: its events wait for the next round
        // rather than race its statements (or wait minutes for them while other tenants' events wait too);
        // a tenant suspended since the round listed it applies nothing either (its events wait, V39)
        boolean active = Sql.first(connection, "select status = 'active' as active from tenant"
                + " where id = app_tenant() for no key update skip locked", row -> row.bool("active")).orElse(false);
        if (!active) {
            return 0;
        }
        // every staged group call, and the oldest track calls up to the round's limit, in one statement: its one
        // snapshot never takes a request's track calls without the group call that creates their account (two
        // statements would, for a request committed between them)
        Marked marked = Sql.one(connection, """
                with marked as (update feed_event set applied_at = now() where applied_at is null
                    and (kind = 'group' or seq in (select seq from feed_event where applied_at is null
                        and kind = 'track' order by seq limit ?))
                    returning kind)
                select count(*) as events, count(*) filter (where kind = 'track') as tracks from marked""",
                row -> new Marked(row.integer("events"), row.integer("tracks")), config.roundLimit());
        int tracks = marked.tracks();
        int applied = applyMarked(connection, marked.events(), scope);
        if (applied == 0) {
            return 0;
        }
        // a round cut at its limit leaves a backlog: it is due again at the next poll, not a period later
        Sql.update(connection, "update feed_state set applied_at = "
                + (tracks == config.roundLimit() ? "'-infinity'" : "now()"));
        Sql.update(connection, "delete from feed_event where applied_at < now() - make_interval(secs => ?)",
                config.dedupWindow().toSeconds());
        return applied;
    }

    /**
     * An import's: the tenant's staged events applied first, in its transaction and under its lock. Track
     * calls wait for the next round while the tenant has no usage at all: applying them would create and
     * attach its usage partition now, and hold the usage table's lock (every tenant's first load and
     * first round) for the whole import.
     */
    @Override
    public int applyFirst(Connection connection, ChangedScope scope) {
        boolean usageStored = Sql.one(connection, "select exists (select 1 from product_usage"
                + " where tenant_id = app_tenant()) as stored", row -> row.bool("stored"));
        if (usageStored) {
            return applyAll(connection, scope);
        }
        int applied = markGroups(connection);
        if (applied > 0) {
            FeedApply.addChanged(connection, scope, FeedApply.accounts(connection));
        }
        return applied;
    }

    /** Marks every staged event of the tenant applied and applies them; answers how many there were. */
    private static int applyAll(Connection connection, ChangedScope scope) {
        return applyMarked(connection, Sql.update(connection,
                "update feed_event set applied_at = now() where applied_at is null"), scope);
    }

    /** Marks every staged group call applied (now(), the transaction's start, marks the round); answers how many. */
    private static int markGroups(Connection connection) {
        return Sql.update(connection, "update feed_event set applied_at = now()"
                + " where applied_at is null and kind = 'group'");
    }

    /**
     * Applies the events just marked ({@code marked} of them) to the accounts and the usage, adding what they
     * changed to {@code scope}; answers marked.
     */
    private static int applyMarked(Connection connection, int marked, ChangedScope scope) {
        if (marked > 0) {
            Set<String> accounts = FeedApply.accounts(connection);
            FeedApply.usage(connection);
            FeedApply.addChanged(connection, scope, accounts);
        }
        return marked;
    }

    /** What a round marked: all its events, and of them the track calls (the ones its limit counts). */
    private record Marked(int events, int tracks) {
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
