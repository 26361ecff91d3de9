package dev.bellwether.team;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.bellwether.notify.UserDirectory;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the people notifications reach in step with the identity provider. The app learns users from their
 * own requests (UserDirectory) and forgets one when an admin switches them off on the team page; someone
 * switched off or removed in Keycloak's console never makes a request again, and would go on getting digests
 * and alert emails with the tenant's data (someone switched off only at the company's own sign-in provider is
 * not seen here: that provider does not tell Keycloak; docs/team.md). Every ten minutes
 * ({@code bellwether.team.sync-every}), each tenant's users are checked against its enabled members, their roles
 * and their verified addresses.
 */
@ApplicationScoped
public class DirectorySync {

    private static final Logger LOG = Logger.getLogger(DirectorySync.class);

    @Inject
    TeamDirectory directory;

    @Inject
    UserDirectory users;

    @Inject
    Database database;

    @Inject
    EntityManager em;

    @Scheduled(every = "${bellwether.team.sync-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyFewMinutes() {
        for (String tenant : database.query("select bw_tenants_with_users() as tenant_id",
                row -> row.string("tenant_id"))) {
            try {
                sync(tenant);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not check the users of tenant %s against the identity provider", tenant);
            }
        }
    }

    /**
     * Checks the tenant's users against its enabled members; answers how many changed. A directory that
     * answers no member at all is not believed (an organization always has one: its admin), and nothing changes.
     */
    public int sync(String tenant) {
        int changed = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            // after a change of the team under way (it holds this lock), and the members read after it: a list
            // read before an admin switched someone off would switch them on again
            Team.lock(em, tenant);
            List<Member> members = directory.members(tenant);
            if (members.isEmpty()) {
                LOG.warnf("The identity provider lists no member of tenant %s: its users were left as they are",
                        tenant);
                return 0;
            }
            Map<String, UserDirectory.Listed> enabled = members.stream().filter(Member::enabled)
                    .collect(Collectors.toMap(Member::user, m -> new UserDirectory.Listed(m.roles(),
                            m.invited() ? null : m.email()), (a, b) -> a));
            return users.reconcile(tenant, enabled);
        }));
        if (changed > 0) {
            LOG.infof("Tenant %s: %d user(s) brought in step with the identity provider", tenant, changed);
        }
        return changed;
    }
}
