package dev.bellwether.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import dev.bellwether.platform.sql.SqlException;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TestTenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** A database that cannot serve a connection answers 503 (Retry-After), never a 500. */
@QuarkusTest
@TestProfile(DatabaseOutagesTest.SmallPool.class)
class DatabaseOutagesTest {

    /** A pool of two connections that gives up after a second, so a test can take them all. */
    public static class SmallPool implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "2", "quarkus.datasource.jdbc.acquisition-timeout",
                    "1S");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestTenants tenants;

    /** A connection of the pool, or null once it gives none within its second. */
    private Connection take() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            return null;
        }
    }

    @Test
    void unreachableShuttingDownOrFullIsUnavailableAndAnyOtherErrorIsNot() {
        assertTrue(DatabaseOutages.unavailable(new SqlException("x",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))));
        assertTrue(DatabaseOutages.unavailable(new PersistenceException(new SQLException("terminating", "57P01"))));
        assertTrue(DatabaseOutages.unavailable(new SqlException("x", new SQLException("too many clients", "53300"))));
        assertTrue(DatabaseOutages.unavailable(new SqlException("x", new SQLException("Sorry, acquisition timeout!"))));
        assertFalse(DatabaseOutages.unavailable(new SqlException("x", new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseOutages.unavailable(new PersistenceException("no cause")));
    }

    @Test
    void everyConnectionTakenAnswers503ThenTheSameRequestWorks() throws Exception {
        String tenant = tenants.create("outage");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(admin).get("/api/v1/settings").then().statusCode(200);
        holdingEveryConnection(() -> given().auth().oauth2(admin).get("/api/v1/settings").then().statusCode(503)
                .header("Retry-After", "30").body("status", equalTo(503))
                .body("message", equalTo(DatabaseOutages.MESSAGE)));
        given().auth().oauth2(admin).get("/api/v1/settings").then().statusCode(200);
        // a change is not told that nothing was changed: it may have been saved before its answer's reads failed
        holdingEveryConnection(() -> given().auth().oauth2(admin).contentType("application/json")
                .body("{\"currency\":\"EUR\",\"qbrSegments\":[]}").put("/api/v1/settings").then().statusCode(503)
                .body("message", equalTo(DatabaseOutages.CHANGE_MESSAGE)));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "outage-page"))
    void aPageSaysTheDatabaseCannotBeReachedInTheLayout() throws Exception {
        tenants.ensure("outage-page");
        holdingEveryConnection(() -> given().get("/admin/settings").then().statusCode(503)
                .header("Retry-After", "30").body(containsString("cannot reach its database right now")));
        given().get("/admin/settings").then().statusCode(200);
    }

    /**
     * An error page draws no freshness badge: the badge reads the database, which fails again when the database is
     * what failed after the tenant's check (a full pool), and the 503 being written became Quarkus's bare 500.
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "outage-page"))
    void anErrorPageReadsNothingMoreOfTheDatabaseForItsLayout() {
        tenants.ensure("outage-page");
        given().get("/admin/settings").then().statusCode(200).body(containsString("id=\"freshness\""));
        given().get("/accounts/NO-SUCH-ACCOUNT").then().statusCode(404)
                .body(containsString("data-testid=\"user-tenant\""))
                .body(org.hamcrest.Matchers.not(containsString("id=\"freshness\"")));
    }

    /** Runs {@code check} while the test holds every connection the pool will give. */
    private void holdingEveryConnection(Runnable check) throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            // (the app's listeners may keep one of the two for good)
            for (Connection taken = take(); taken != null; taken = take()) {
                held.add(taken);
            }
            assertFalse(held.isEmpty());
            check.run();
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }
}
