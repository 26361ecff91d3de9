package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Database roles that would break tenant isolation or silence the cross-tenant housekeeping stop the start, each
 * named with its fix; the suite itself starts on the roles of docker/postgres/bootstrap-roles.sql, which pass.
 */
@QuarkusTest
class DatabaseRolesCheckTest {

    @Inject
    DatabaseRolesCheck check;

    /** The suite's database: the roles of bootstrap-roles.sql, read as the start-up check reads them. */
    @Test
    void theRolesAreReadFromTheDatabase() {
        assertEquals(new DatabaseRolesCheck.Roles("bellwether_app", false, false, true, "bellwether_owner", true),
                check.read());
    }

    private static DatabaseRolesCheck.Roles roles(boolean superuser, boolean bypasses, boolean rights,
            Boolean ownerBypasses) {
        return new DatabaseRolesCheck.Roles("app_x", superuser, bypasses, rights, "owner_x", ownerBypasses);
    }

    @Test
    void theBootstrapRolesStart() {
        assertEquals(Optional.empty(), DatabaseRolesCheck.refusal(roles(false, false, true, true)));
        // an owner role of another name than the database knows: Flyway's own connection says what is wrong
        assertEquals(Optional.empty(), DatabaseRolesCheck.refusal(roles(false, false, true, null)));
    }

    @Test
    void anAppRoleAboveRowLevelSecurityOrWithoutRightsIsRefused() {
        assertEquals("Bellwether will not start on these database roles: the app connects as app_x, which is a"
                + " superuser: every tenant's rows would rest on the app's filters alone. Connect as a role that is"
                + " neither (BW_DB_APP_USER). See docs/deployment.md.",
                DatabaseRolesCheck.refusal(roles(true, true, true, true)).orElseThrow());
        assertTrue(DatabaseRolesCheck.refusal(roles(false, true, true, true)).orElseThrow()
                .contains("which bypasses row-level security"));
        assertTrue(DatabaseRolesCheck.refusal(roles(false, false, false, true)).orElseThrow()
                .contains("holds no rights on the tables: the migrations granted them to the role named when the"
                        + " database was first migrated"));
    }

    /** Without an owner set, Flyway migrates as the app's role: the housekeeping it then owns sees no tenant. */
    @Test
    void migratingAsTheAppsOwnRoleIsRefused() {
        assertEquals("Bellwether will not start on these database roles: Flyway migrates as the app's own role app_x,"
                + " which then owns the housekeeping that works across tenants: it would see none. Set"
                + " BW_DB_OWNER_USER to an owner role that bypasses row-level security. See docs/deployment.md.",
                DatabaseRolesCheck.refusal(new DatabaseRolesCheck.Roles("app_x", false, false, true, "app_x", false))
                        .orElseThrow());
    }

    @Test
    void anOwnerThatDoesNotBypassRowLevelSecurityIsRefusedBesideTheAppsProblem() {
        String refusal = DatabaseRolesCheck.refusal(roles(false, true, true, false)).orElseThrow();
        assertTrue(refusal.contains("which bypasses row-level security"), refusal);
        assertTrue(refusal.contains("; the owner role owner_x does not bypass row-level security: the housekeeping"
                + " that works across tenants would see none, and no email, digest or fed event would go out. ALTER"
                + " ROLE owner_x BYPASSRLS"), refusal);
    }
}
