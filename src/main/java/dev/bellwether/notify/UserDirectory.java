package dev.bellwether.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantDeleted;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The users a tenant knows ({@code tenant_user}). Identities live in Keycloak, so the app learns a
 * user from their own signed-in requests: username, verified email (or none), name and roles,
 * refreshed at most once an hour per user and app instance, or at once when any of them changed.
 * Digests and immediate emails go to these users; tasks can pick assignees from them.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);
    private static final Duration REFRESH = Duration.ofHours(1);

    /**
     * A user as the tenant knows them; {@code issuedAt} is when their token was issued (null when unknown), which
     * tells whether its address is older than one the directory sync set.
     */
    public record KnownUser(String username, String email, String name, List<String> roles, Instant issuedAt) {

        public KnownUser(String username, String email, String name, List<String> roles) {
            this(username, email, name, roles, null);
        }

        /** The same person with the same details, whatever token said so (its time left out). */
        boolean sameAs(KnownUser other) {
            return details().equals(other.details());
        }

        /** This user without the token's time: every other field counts, one added later too. */
        private KnownUser details() {
            return issuedAt == null ? this : new KnownUser(username, email, name, roles);
        }

        /** Admins and executives oversee the whole tenant; a CSM's book is their accounts. */
        public boolean seesWholeTenant() {
            return roles.contains(CurrentUser.ADMIN) || roles.contains(CurrentUser.EXECUTIVE);
        }
    }

    /**
     * SQL: the member {@code u} (a {@code tenant_user}) may be sent mail: not switched off, and holding a Bellwether
     * role. One without (demoted in the identity provider, still known here until the directory is next
     * synchronised) reads nothing, so is sent nothing: no alert of the accounts whose CSM they were, no digest.
     */
    static final String RECIPIENT = "u.switched_off_at is null and u.roles && array["
            + CurrentUser.ROLES.stream().map(role -> "'" + role + "'").collect(Collectors.joining(", ")) + "]::text[]";

    @Inject
    Database database;

    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(KnownUser user, Instant at) {
    }

    /**
     * An enabled member as the identity provider lists them: their roles, and the address it vouches for
     * ({@code email}, null when it is not verified, as a sign-in records it).
     */
    public record Listed(List<String> roles, String email) {
    }

    /** The signed-in user as they are now. */
    public static KnownUser of(CurrentUser user) {
        return new KnownUser(user.getUsername(), user.getEmail(), user.getName(),
                user.getRoles().stream().sorted().toList(), user.issuedAt().orElse(null));
    }

    /** Records the user of a request, unless this instance recorded the same details within the hour. */
    public void seen(String tenant, KnownUser user) {
        String key = key(tenant, user.username());
        Remembered last = remembered.get(key);
        if (last != null && last.user().sameAs(user) && last.at().plus(REFRESH).isAfter(Instant.now())) {
            return;
        }
        try {
            TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> record(tenant, user)));
            remembered.put(key, new Remembered(user, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not record user %s of tenant %s", user.username(), tenant);
        }
    }

    /**
     * Marks a user the tenant switched off, in the current transaction: no digest and no immediate email
     * reaches them any more, though a request of theirs (a token lives five minutes) records them again; their
     * settings wait for them. {@link #restore} takes the mark away.
     */
    public void forget(String tenant, String username) {
        database.update("update tenant_user set switched_off_at = now() where username = ? and switched_off_at is null",
                username);
        remembered.remove(key(tenant, username));
    }

    /**
     * A user given another role on the team page, in the current transaction: mail follows it at once (an
     * executive made a CSM no longer gets every account's alerts); the token's other roles stay.
     */
    public void changeRole(String tenant, String username, String role) {
        database.update("""
                update tenant_user set roles = array(select r from unnest(roles) r where r <> all(?)
                                                     union select ? order by 1),
                                       roles_changed_at = clock_timestamp()
                where username = ?""", CurrentUser.ROLES.toArray(String[]::new), role, username);
        remembered.remove(key(tenant, username));
    }

    /** A user switched on again: mail reaches them again, as their settings say. */
    public void restore(String tenant, String username) {
        database.update("update tenant_user set switched_off_at = null where username = ?", username);
        remembered.remove(key(tenant, username));
    }

    /**
     * Brings the current tenant's users in step with its identity provider, in the current transaction: a user
     * who is not an enabled member with a Bellwether role any more (switched off, removed or stripped of their
     * role in Keycloak's console; the company's own sign-in provider does not tell Keycloak) is forgotten, so no
     * digest or alert email reaches them; a user whose role changed gets the new one, so a digest covers the
     * accounts they now see; one switched on again there gets mail again; one whose address an admin changed there
     * gets mail at the new one once it is verified (none before), as their next sign-in would record it, rather than
     * at the old one meanwhile. {@code members} maps each enabled member's username to how the provider lists them.
     * Answers how many users changed.
     */
    public int reconcile(String tenant, Map<String, Listed> members) {
        int changed = 0;
        Set<String> off = new TreeSet<>(database.query(
                "select username from tenant_user where switched_off_at is not null", row -> row.string("username")));
        for (KnownUser user : all()) {
            Listed listed = members.get(user.username());
            Set<String> roles = appRoles(listed == null ? List.of() : listed.roles());
            if (roles.isEmpty()) { // gone, switched off, or no Bellwether role left
                if (!off.contains(user.username())) {
                    forget(tenant, user.username());
                    changed++;
                }
                continue;
            }
            boolean restored = off.contains(user.username());
            if (restored) {
                restore(tenant, user.username());
            }
            boolean readdressed = !Objects.equals(listed.email(), user.email());
            if (readdressed) {
                database.update("update tenant_user set email = ?, email_synced_at = clock_timestamp()"
                        + " where username = ?", listed.email(), user.username());
                remembered.remove(key(tenant, user.username()));
            }
            if (roles.equals(appRoles(user.roles()))) {
                changed += restored || readdressed ? 1 : 0;
            } else {
                // the token's other realm roles (offline_access, …) stay; Bellwether's own follow the directory
                List<String> kept = user.roles().stream().filter(r -> !CurrentUser.ROLES.contains(r)).toList();
                database.update("update tenant_user set roles = ? where username = ?",
                        Stream.concat(kept.stream(), roles.stream()).sorted().toArray(String[]::new),
                        user.username());
                remembered.remove(key(tenant, user.username()));
                changed++;
            }
        }
        return changed;
    }

    private static Set<String> appRoles(List<String> roles) {
        return new TreeSet<>(roles.stream().filter(CurrentUser.ROLES::contains).toList());
    }

    /**
     * A deleted tenant's users are forgotten here too: the same person signing in to a new tenant given its id
     * within the hour is recorded as its user (the rows went with the tenant).
     */
    void forget(@Observes TenantDeleted deleted) {
        remembered.keySet().removeIf(key -> key.startsWith(deleted.id() + "\u0000"));
    }

    /** The key of {@code remembered}. */
    private static String key(String tenant, String username) {
        return tenant + "\u0000" + username;
    }

    /**
     * Records (or refreshes) the user in the current transaction. Within a quarter of an hour of a role change on
     * the team page ({@link #changeRole}), the roles stay as it set them: a session opened before still carries
     * the old role in its token (V49). An address the directory sync set stays unless the token was issued after
     * it (V60; a second's leeway, since a token's time is in whole seconds): an older one carries the old address.
     */
    public void record(String tenant, KnownUser user) {
        database.update("""
                insert into tenant_user (tenant_id, username, email, name, roles) values (?, ?, ?, ?, ?)
                on conflict (tenant_id, username) do update
                set email = case when tenant_user.email_synced_at > ?::timestamptz + interval '1 second'
                                 then tenant_user.email else excluded.email end,
                    name = excluded.name, last_seen_at = now(),
                    roles = case when tenant_user.roles_changed_at > clock_timestamp() - interval '15 minutes'
                                 then tenant_user.roles else excluded.roles end""",
                tenant, user.username(), user.email(), user.name(), user.roles().toArray(String[]::new),
                user.issuedAt());
    }

    /** Roles stored as {@code array_to_string(roles, ',')}. */
    static List<String> roles(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /** Every user of the current tenant, by username. */
    public List<KnownUser> all() {
        return database.query("""
                select username, email, name, array_to_string(roles, ',') as roles from tenant_user
                order by username""",
                row -> new KnownUser(row.string("username"), row.string("email"), row.string("name"),
                        roles(row.string("roles"))));
    }
}
