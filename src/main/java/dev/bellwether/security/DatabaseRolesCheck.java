package dev.bellwether.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.SqlException;
import io.quarkus.runtime.StartupEvent;

/**
 * The app refuses to start on database roles that would break tenant isolation or stop its housekeeping without a
 * word (docs/deployment.md): the role it connects as must be neither a superuser nor one that bypasses row-level
 * security, and must hold the rights the migrations granted (they name it at the first start); the owner role,
 * under which the few cross-tenant housekeeping functions run, must bypass row-level security, or they see no
 * tenant (no email, digest or fed event would go out, and every ingest key would be refused).
 */
@ApplicationScoped
public class DatabaseRolesCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseRolesCheck.class);

    /** What the database says of the two roles; {@code ownerBypasses} null when it knows no role of that name. */
    record Roles(String app, boolean appSuperuser, boolean appBypasses, boolean appHasRights, String owner,
            Boolean ownerBypasses) {
    }

    @Inject
    Database database;

    @ConfigProperty(name = "quarkus.flyway.username")
    Optional<String> owner;

    void onStart(@Observes StartupEvent event) {
        Roles roles;
        try {
            roles = read();
        } catch (SqlException e) {
            // the database answers later (readiness says so): its roles are checked at the next start
            LOG.warn("Could not check the database roles at start-up", e);
            return;
        }
        Optional<String> refusal = refusal(roles);
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
    }

    /**
     * The roles as the database has them: the one the app connects as, and the owner Flyway migrates as (without an
     * owner set, Flyway migrates as the app's role, which then owns the housekeeping functions: checked as owner).
     */
    Roles read() {
        return database.one("""
                select current_user as app, r.rolsuper as super, r.rolbypassrls as bypasses,
                  to_regclass('account') is null or has_table_privilege(current_user, 'account', 'select') as rights,
                  coalesce(?::text, current_user::text) as owner,
                  (select o.rolsuper or o.rolbypassrls from pg_roles o
                   where o.rolname = coalesce(?::text, current_user::text)::name) as owner_bypasses
                from pg_roles r where r.rolname = current_user""",
                row -> new Roles(row.string("app"), row.bool("super"), row.bool("bypasses"), row.bool("rights"),
                        row.string("owner"), row.nullableBool("owner_bypasses")),
                owner.filter(name -> !name.isBlank()).orElse(null), owner.filter(name -> !name.isBlank()).orElse(null));
    }

    /** Why the app may not start on these roles, or empty when it may. */
    static Optional<String> refusal(Roles roles) {
        List<String> problems = new ArrayList<>();
        if (roles.appSuperuser() || roles.appBypasses()) {
            problems.add("the app connects as " + roles.app() + ", which " + (roles.appSuperuser() ? "is a superuser"
                    : "bypasses row-level security") + ": every tenant's rows would rest on the app's filters alone."
                    + " Connect as a role that is neither (BW_DB_APP_USER)");
        } else if (!roles.appHasRights()) {
            problems.add("the app connects as " + roles.app() + ", which holds no rights on the tables: the migrations"
                    + " granted them to the role named when the database was first migrated, and that name cannot"
                    + " change later (BW_DB_APP_USER)");
        }
        if (roles.owner().equals(roles.app())) {
            problems.add("Flyway migrates as the app's own role " + roles.app() + ", which then owns the housekeeping"
                    + " that works across tenants: it would see none. Set BW_DB_OWNER_USER to an owner role that"
                    + " bypasses row-level security");
        } else if (Boolean.FALSE.equals(roles.ownerBypasses())) {
            problems.add("the owner role " + roles.owner() + " does not bypass row-level security: the housekeeping"
                    + " that works across tenants would see none, and no email, digest or fed event would go out."
                    + " ALTER ROLE " + roles.owner() + " BYPASSRLS (as docker/postgres/bootstrap-roles.sql does)");
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("Bellwether will not start on these database roles: " + String.join("; ", problems)
                        + ". See docs/deployment.md.");
    }
}
