package dev.bellwether.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

/** Who may call what: bearer tokens on the API, the code flow on pages, tenants and roles. */
@QuarkusTest
class IdentityTest {

    @Test
    void apiWithoutTokenAnswers401() {
        given().accept(ContentType.JSON).redirects().follow(false)
                .when().get("/api/v1/me")
                .then().statusCode(401);
    }

    /** A user the team page invited also holds Keycloak's default roles: /me names Bellwether's only. */
    @Test
    void meNamesBellwethersRolesOnly() {
        given().auth().oauth2(FakeKeycloak.accessToken("kim", "acme", "executive", "offline_access",
                "uma_authorization", "default-roles-bellwether")).get("/api/v1/me").then().statusCode(200)
                .body("roles", org.hamcrest.Matchers.contains("executive"));
    }

    @Test
    void apiWithForgedTokenAnswers401() {
        String token = FakeKeycloak.accessToken("cam", "acme", "csm");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        given().auth().oauth2(forged)
                .when().get("/api/v1/me")
                .then().statusCode(401);
    }

    /** A token another client of the realm obtained for a user opens nothing of Bellwether (bellwether.api.clients). */
    @Test
    void aTokenIssuedToAnotherClientOfTheRealmAnswers401() {
        given().auth().oauth2(FakeKeycloak.issuedTo("other-app", "ada", "acme", "admin")).get("/api/v1/me").then()
                .statusCode(401);
        given().auth().oauth2(FakeKeycloak.issuedTo("other-app", "otto", null, "operator")).get("/api/v1/tenants")
                .then().statusCode(401);
        for (String client : java.util.List.of("bellwether-cli", "bellwether-web")) {
            given().auth().oauth2(FakeKeycloak.issuedTo(client, "ada", "acme", "admin")).get("/api/v1/me").then()
                    .statusCode(200).body("user", org.hamcrest.Matchers.equalTo("ada"));
        }
    }

    @Test
    void pagesWithoutSessionRedirectToKeycloakLogin() {
        given().redirects().follow(false)
                .when().get("/executive")
                .then().statusCode(302)
                .header("Location", startsWith(FakeKeycloak.realmUrl() + "/protocol/openid-connect/auth?"))
                .header("Location", containsString("client_id=bellwether-web"))
                .header("Location", containsString("response_type=code"));
    }

    @Test
    void anHtmxRequestWithoutSessionGets499NotARedirectItCouldNotFollow() {
        given().redirects().follow(false).header("HX-Request", "true")
                .when().get("/freshness?seen=0")
                .then().statusCode(499)
                .header("WWW-Authenticate", startsWith("OIDC"));
        given().redirects().follow(false).header("HX-Request", "true").formParam("status", "acknowledged")
                .when().post("/csm/alerts/1")
                .then().statusCode(499);
    }

    @Test
    void operationsEndpointsLiveOnTheManagementPortAndReadinessOnTheAppsToo() {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        given().port(management).when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'Database connections health check' }.data", notNullValue());
        given().port(management).when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/me"));
        given().port(management).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests"));
        // readiness, for anyone, on the port traffic goes to too (the contract's GET /q/health/ready)
        given().redirects().follow(false).when().get("/q/health/ready").then().statusCode(200)
                .header("Cache-Control", "no-store").body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                // only names and statuses: a check's details (a database error's text) stay on the management port
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"))
                .body("checks.findAll { it.data != null }", hasSize(0));
        for (String path : List.of("/q/health", "/q/health/live", "/q/openapi", "/q/metrics")) {
            int status = given().redirects().follow(false).when().get(path).then().extract().statusCode();
            assertTrue(status == 302 || status == 401 || status == 404, path + " on the app's port: " + status);
        }
    }

    @Test
    void meFromBearerTokenFollowsApiContract() {
        given().auth().oauth2(FakeKeycloak.accessToken("cam", "acme", "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("user", equalTo("cam"))
                .body("name", equalTo("cam Test"))
                .body("email", equalTo("cam@acme.example"))
                .body("tenant", equalTo("acme"))
                .body("roles", containsInAnyOrder("csm"));
    }

    @Test
    void bearerTokenWithoutTenantAnswers403() {
        given().auth().oauth2(FakeKeycloak.accessToken("nomad", null, "admin"))
                .when().get("/api/v1/me")
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("status", equalTo(403));
    }

    @Test
    void theTenantComesFromTheOrganizationClaim() {
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("globex"), null, "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("tenant", equalTo("globex"));
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("globex"), "globex", "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("tenant", equalTo("globex"));
    }

    @Test
    void aTokenNamingTwoTenantsAnswers403() {
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("acme", "globex"), null, "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(403);
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("globex"), "acme", "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(403);
        // a tenant claim a multivalued mapper wrote as a list names its tenants too (it was ignored: acme)
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("acme"), List.of("globex"), "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(403);
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("acme"), List.of("acme"), "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(200).body("tenant", equalTo("acme"));
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of(), null, "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(403);
        given().auth().oauth2(FakeKeycloak.organizationToken("olga", List.of("Not A Slug"), null, "csm"))
                .when().get("/api/v1/me")
                .then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "nomad", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "email", value = "nomad@nowhere.example"))
    void pageWithoutTenantAnswers403() {
        given().when().get("/executive")
                .then().statusCode(403)
                .contentType(ContentType.HTML)
                .body(containsString("carries no tenant"));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void csmIsForbiddenFromAdmin() {
        given().when().get("/admin").then().statusCode(403);
        given().when().get("/executive").then().statusCode(403);
        given().when().get("/csm").then().statusCode(200);
    }

    /** The badge's poll: a {@code seen} that is no run's stamp (not even a number) reloads the page, never a 404. */
    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void theFreshnessBadgeTellsThePageToReloadWhenItShowsAnotherRun() {
        String badge = given().get("/freshness?seen=abc").then().statusCode(200).header("HX-Trigger", "recalculated")
                .extract().asString();
        String stamp = badge.replaceAll("(?s).*hx-get=\"/freshness\\?seen=(\\d+)\".*", "$1");
        assertTrue(stamp.matches("\\d+"), badge);
        given().get("/freshness?seen=" + stamp).then().statusCode(200).header("HX-Trigger", nullValue());
    }

    @Test
    void csmBearerTokenIsForbiddenFromAdminPages() {
        // Pages do not take bearer tokens at all: without a session they send the browser to sign in.
        given().auth().oauth2(FakeKeycloak.accessToken("cam", "acme", "csm")).redirects().follow(false)
                .when().get("/admin")
                .then().statusCode(302);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void executiveSeesTheDashboardAndReadsTheAccountListButNotAdmin() {
        given().when().get("/admin").then().statusCode(403);
        given().when().get("/csm").then().statusCode(200); // read only: no alert actions (DashboardPagesTest)
        given().when().get("/executive").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"), @Claim(key = "name", value = "Ada Lovelace") })
    void adminReachesEveryPageAndSeesWhoAndWhere() {
        given().when().get("/admin").then().statusCode(200)
                .body(containsString("Ada Lovelace"))
                .body(containsString("data-testid=\"user-role\">admin<"))
                .body(containsString("data-testid=\"user-tenant\" title=\"Tenant key: acme\">Acme<"))
                .body(containsString("<form class=\"signout\" method=\"post\" action=\"/logout\">"))
                .body(containsString("/webjars/htmx.org/dist/htmx.min.js"));
        given().when().get("/executive").then().statusCode(200);
        given().when().get("/csm").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void rootSendsExecutiveHome() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(303).header("Location", endsWith("/executive"));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void rootSendsCsmHome() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(303).header("Location", endsWith("/csm"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void rootSendsAdminHome() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(303).header("Location", endsWith("/admin"));
    }

    @Test
    @TestSecurity(user = "rolf", roles = "viewer")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void userWithoutBellwetherRoleIsForbiddenAtRoot() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(403).body(containsString("no Bellwether role"));
    }

    @Test
    void webjarHtmxIsServed() {
        given().when().get("/webjars/htmx.org/dist/htmx.min.js")
                .then().statusCode(200).body(containsString("htmx"));
    }
}
