package dev.bellwether.workspace;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.PageCache;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/**
 * The accounts the workspace hangs notes, tasks and playbook runs on. Row-level security keeps the
 * reads in the tenant: another tenant's account is not found, exactly like one that does not exist.
 */
@ApplicationScoped
public class WorkspaceAccounts {

    /**
     * An account: its id, name and CSM (null when it has none, or its column says "(none)" or "(unassigned)", as
     * every per-CSM figure reads it: {@link MetricsEngine#csmOf}, so no task is assigned to those words).
     */
    public record Ref(String accountId, String name, String csmEmail) {
        public Ref {
            csmEmail = MetricsEngine.csmOf(csmEmail);
        }
    }

    private record CsmKey(String tenant, String version) {
    }

    @Inject
    Database database;

    @Inject
    Snapshots snapshots;

    @Inject
    @CacheName("csm-emails")
    Cache csms;

    public Optional<Ref> find(String accountId) {
        if (accountId == null || accountId.isEmpty() || Text.characters(accountId) > 128) {
            return Optional.empty();
        }
        return database.first("select account_id, name, csm_email from account where account_id = ?",
                row -> new Ref(row.string("account_id"), row.string("name"), row.string("csm_email")), accountId);
    }

    /** The account, or 404. */
    public Ref require(String accountId) {
        return find(accountId).orElseThrow(() -> new NotFoundException("No account " + accountId));
    }

    /**
     * The tenant's CSMs (the accounts' csm_email), for the assignee choices of the pages. Read as a skip
     * scan of the {@code account_csm} index, one probe per distinct address (about 170 at 10,000 accounts),
     * instead of reading every account, and kept per version of the tenant's data: the task panels ask for
     * it on every load, and accounts change only by imports and event feeds, each of which ends in a new
     * version (a feed's new CSM shows once its recalculation is done, seconds later).
     */
    public List<String> csmEmails() {
        String tenant = TenantContext.require();
        Optional<String> version = snapshots.version();
        return version.isEmpty() ? readCsmEmails(tenant)
                : PageCache.get(csms, new CsmKey(tenant, version.get()), () -> readCsmEmails(tenant));
    }

    /**
     * Whether a task assigned to {@code email} (lower-cased, as stored) reaches someone: an account's CSM or a
     * person who has signed in to the tenant and is not switched off (disabled or removed on the team page). Any
     * address may be assigned (the import's rule for a CSM); one that reaches nobody (a typo, someone who left) is
     * in nobody's working My tasks, and the pages say so.
     */
    public boolean reachesSomeone(String email) {
        String tenant = TenantContext.require();
        return email == null || database.one("""
                select exists (select 1 from account where tenant_id = ? and lower(csm_email) = ?)
                    or exists (select 1 from tenant_user where tenant_id = ? and lower(email) = ?
                                  and switched_off_at is null) as known""",
                row -> row.bool("known"), tenant, email, tenant, email);
    }

    private List<String> readCsmEmails(String tenant) {
        return database.query("""
                with recursive csm(email) as (
                  (select csm_email from account where tenant_id = ? and csm_email is not null
                   order by csm_email limit 1)
                  union all
                  select (select a.csm_email from account a where a.tenant_id = ? and a.csm_email > csm.email
                          order by a.csm_email limit 1)
                  from csm where csm.email is not null
                )
                select distinct lower(email) as email from csm where email is not null order by 1 limit 500""",
                row -> row.string("email"), tenant, tenant).stream().filter(email -> MetricsEngine.csmOf(email) != null)
                .toList();
    }
}
