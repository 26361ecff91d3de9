package dev.bellwether.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.sql.Database;

/**
 * The platform operator's audit log ({@code platform_audit}, V21): every tenant created, suspended,
 * resumed or deleted, with who and when. It lives outside every tenant's rows, so the record of a
 * deletion outlives the tenant; it names tenants by id and holds no tenant's business data. Append
 * only (the app's role may not update or delete it) and readable only on a connection without a tenant.
 */
@ApplicationScoped
public class PlatformAudit {

    /** A recorded action. */
    public record Event(long id, Instant at, String actor, String actorName, PlatformAction action, String tenant,
            String summary) {

        public String actionLabel() {
            return action.label();
        }
    }

    @Inject
    Database database;

    @Inject
    ObjectMapper json;

    /** Appends in the caller's transaction, so the action is recorded exactly when it happens. */
    @Transactional(TxType.MANDATORY)
    public void append(String actor, String actorName, PlatformAction action, String tenant, String summary,
            Map<String, ?> details) {
        database.update("""
                insert into platform_audit (actor, actor_name, action, tenant, summary, details)
                values (?, ?, ?, ?, ?, cast(? as jsonb))""",
                actor, actorName, action, tenant, summary, write(details));
    }

    /** The latest {@code limit} actions, newest first; {@code tenant} null for every tenant. */
    public List<Event> recent(String tenant, int limit) {
        return older(tenant, null, limit);
    }

    /**
     * Up to {@code limit} actions recorded before the action {@code before} (null: the latest), newest
     * first; {@code tenant} null for every tenant. An unknown {@code before} reads nothing.
     */
    @Transactional
    public List<Event> older(String tenant, Long before, int limit) {
        return database.query("""
                select id, at, actor, actor_name, action, tenant, summary from platform_audit
                where (?::text is null or tenant = ?)
                  and (?::bigint is null or (at, id) < (select at, id from platform_audit where id = ?))
                order by at desc, id desc limit ?""",
                r -> new Event(r.longValue("id"), r.instant("at"), r.string("actor"), r.string("actor_name"),
                        r.word("action", PlatformAction.class), r.string("tenant"), r.string("summary")),
                tenant, tenant, before, before, limit);
    }

    /**
     * The tenants whose latest recorded lifecycle action (created, suspended, resumed, deletion started, failed or
     * done; not an admin given) is a deletion that did not finish.
     */
    @Transactional
    public Set<String> unfinishedDeletions() {
        return Set.copyOf(database.query("""
                select tenant from (select distinct on (tenant) tenant, action from platform_audit
                                    where tenant is not null and action like 'tenant!_%' escape '!'
                                    order by tenant, at desc, id desc) latest
                where action in (?, ?)""", r -> r.string("tenant"), PlatformAction.TENANT_DELETION_FAILED,
                PlatformAction.TENANT_DELETION_STARTED));
    }

    /** The tenants whose deletion started within {@code window} and has not ended nor failed since. */
    public Set<String> deletionsUnderWay(Duration window) {
        return Set.copyOf(database.query("""
                select tenant from (select distinct on (tenant) tenant, action, at from platform_audit
                                    where tenant is not null and action like 'tenant!_%' escape '!'
                                    order by tenant, at desc, id desc) latest
                where action = ? and at > clock_timestamp() - make_interval(secs => ?)""",
                r -> r.string("tenant"), PlatformAction.TENANT_DELETION_STARTED, (double) window.toSeconds()));
    }

    private String write(Map<String, ?> details) {
        try {
            return json.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
