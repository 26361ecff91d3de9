package dev.bellwether.operator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantStatus;
import dev.bellwether.testing.OperatorProfile;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.RecordingDirectory;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** {@code /operator}: the operator's page, and what suspension does to a tenant's pages. */
@QuarkusTest
@TestProfile(OperatorProfile.class)
class OperatorPageTest {

    static final String PAUSED = "op-paused-page";

    @Inject
    PlatformTenants platform;

    @Inject
    RecordingDirectory directory;

    @Inject
    TestTenants tenants;

    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void theOperatorCreatesSuspendsResumesAndDeletesATenantOnThePage() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", endsWith("/operator"));
        given().get("/operator").then().statusCode(200).body(containsString("<h1>Tenants</h1>"))
                .body(containsString("data-tenant=\"acme\"")).body(containsString("data-tenant=\"globex\""))
                .body(containsString(">Tenants</a>")).body(containsString("data-testid=\"user-role\">operator<"));

        PageClient.htmx("/operator").formParam("id", "Bad Id").formParam("name", "").formParam("adminEmail", "nope")
                .post("/operator/tenants").then().statusCode(422)
                .body(containsString("Nothing was created: the form needs a fix."))
                .body(containsString("id must be a slug")).body(containsString("name is required"))
                .body(containsString("adminEmail is not an email address")).body(containsString("value=\"Bad Id\""));

        String id = "page-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        PageClient.htmx("/operator").redirects().follow(false).formParam("id", id).formParam("name", "Page Co")
                .formParam("adminEmail", "boss@page.example").post("/operator/tenants").then().statusCode(303)
                .header("Location", endsWith("/operator?done=created&tenant=" + id));
        assertEquals(List.of("createOrganization " + id + " Page Co", "invite " + id + " boss@page.example admin"),
                directory.callsFor(id));
        given().get("/operator?done=created&tenant=" + id).then().statusCode(200)
                .body(containsString("<p class=\"flash\" role=\"status\">Tenant " + id
                        + " is created and its first admin is invited."))
                .body(containsString("data-tenant=\"" + id + "\"")).body(containsString("Page Co"))
                .body(containsString("Created tenant " + id + " (Page Co) and invited boss@page.example"));
        // a link typed or come back to tells of nothing the tenants do not bear out
        given().get("/operator?done=deleted&tenant=" + id).then().statusCode(200)
                .body(not(containsString("Tenant " + id + " is deleted")));
        given().get("/operator?done=suspended&tenant=" + id).then().body(not(containsString(" is suspended: ")));
        given().get("/operator?done=created&tenant=nobody-here").then().body(not(containsString("is created")));
        // the first admin's link ran out: the operator gives the tenant an admin from its row
        given().get("/operator").then().body(containsString("action=\"/operator/tenants/" + id + "/admins\""))
                .body(containsString("Give " + id + " this admin"));
        PageClient.htmx("/operator").redirects().follow(false).formParam("email", "boss2@page.example")
                .post("/operator/tenants/" + id + "/admins").then().statusCode(303)
                .header("Location", endsWith("/operator?done=admin-invited&tenant=" + id));
        given().get("/operator?done=admin-invited&tenant=" + id).then().statusCode(200)
                .body(containsString("An admin of " + id + " is invited: they get an email with a link."))
                .body(containsString("Invited boss2@page.example as an admin of " + id));
        PageClient.htmx("/operator").formParam("email", "nope").post("/operator/tenants/" + id + "/admins").then()
                .statusCode(422).body(containsString("No admin was given to " + id + ": email is not an address"))
                // the form comes back open, with what was typed and why, on that tenant's row only
                .body(containsString("<details class=\"admin-tenant\" open>"))
                .body(containsString("id=\"admin-" + id + "\" name=\"email\" type=\"email\" maxlength=\"254\""
                        + " autocomplete=\"off\" spellcheck=\"false\" value=\"nope\" autofocus aria-invalid=\"true\""))
                .body(containsString("<p id=\"admin-" + id + "-error\" class=\"field-error\">email is not an"));
        PageClient.htmx("/operator").formParam("id", id).formParam("name", "Again").formParam("adminEmail",
                "a@page.example").post("/operator/tenants").then().statusCode(409)
                // named by no field's message, the message takes the focus (one in the page as it loads is not read)
                .body(containsString("<p class=\"form-error\" role=\"alert\" tabindex=\"-1\">Nothing was created:"
                        + " the id is taken."))
                .body(containsString("aria-describedby=\"tenant-id-help tenant-id-error\" autofocus aria-invalid"))
                .body(containsString("already exists"));

        PageClient.htmx("/operator").redirects().follow(false).formParam("status", "suspended")
                .post("/operator/tenants/" + id + "/status").then().statusCode(303);
        assertEquals(TenantStatus.SUSPENDED, platform.find(id).orElseThrow().status());
        given().get("/operator").then().body(containsString("Resume tenant " + id));
        given().get("/operator?done=suspended&tenant=" + id).then().body(containsString("Tenant " + id
                + " is suspended: its users are refused from now on and it sends no email or webhook"));
        PageClient.htmx("/operator").redirects().follow(false).formParam("status", "active")
                .post("/operator/tenants/" + id + "/status").then().statusCode(303);
        assertEquals(TenantStatus.ACTIVE, platform.find(id).orElseThrow().status());
        given().get("/operator?done=resumed&tenant=" + id).then()
                .body(containsString("Tenant " + id + " is active again; messages that waited go out now."));
        PageClient.htmx("/operator").formParam("status", "gone").post("/operator/tenants/" + id + "/status").then()
                .statusCode(422);

        PageClient.htmx("/operator").formParam("confirm", "acme").post("/operator/tenants/" + id + "/delete").then()
                .statusCode(422).body(containsString("the confirmation did not match"))
                .body(containsString("Type " + id + " exactly to delete it"));
        assertTrue(platform.find(id).isPresent(), "a wrong confirmation deletes nothing");
        PageClient.htmx("/operator").redirects().follow(false).formParam("confirm", id)
                .post("/operator/tenants/" + id + "/delete").then().statusCode(303)
                .header("Location", endsWith("/operator?done=deleted&tenant=" + id));
        assertTrue(platform.find(id).isEmpty());
        given().get("/operator?done=deleted&tenant=" + id).then().statusCode(200)
                .body(not(containsString("data-tenant=\"" + id + "\"")))
                .body(containsString("Tenant " + id + " is deleted"));
        given().get("/operator?done=resumed&tenant=" + id).then().body(not(containsString("is active again")));
        PageClient.htmx("/operator").formParam("confirm", id).post("/operator/tenants/" + id + "/delete").then()
                .statusCode(404);
    }

    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void aStatusChangeWaitingOnAnImportGivesUpWithA503AndChangesNothing() throws Exception {
        String id = "page-db-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        tenants.ensure(id);
        // an import holds the tenant's row for minutes; the suspension waiting for it gives up after the lock wait
        String page = TenantDeletionTest.whileTheTenantRowIsHeld(id,
                () -> PageClient.htmx("/operator").formParam("status", "suspended")
                        .post("/operator/tenants/" + id + "/status").then().statusCode(503).extract().asString());
        assertTrue(page.contains("<p class=\"form-error\" role=\"alert\" tabindex=\"-1\" autofocus>Tenant " + id
                + " is busy: an import or"
                + " another write of its data holds it. Nothing was changed; try again when it ends.</p>"), page);
        // the API alike: a 503 to repeat, not a 500
        String api = TenantDeletionTest.whileTheTenantRowIsHeld(id,
                () -> given().contentType("application/json").body("{\"status\":\"suspended\"}")
                        .patch("/api/v1/tenants/" + id).then().statusCode(503).extract().path("error"));
        assertEquals("service_unavailable", api);
        assertEquals(TenantStatus.ACTIVE, platform.find(id).orElseThrow().status());
    }

    /** A deletion the identity provider failed leaves a suspended tenant that says so and offers no Resume. */
    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void aTenantWhoseDeletionDidNotFinishCanOnlyBeDeletedAgain() {
        String id = "page-kc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        tenants.ensure(id);
        directory.failOn("deleteOrganization");
        PageClient.htmx("/operator").formParam("confirm", id).post("/operator/tenants/" + id + "/delete").then()
                .statusCode(502).body(containsString("The identity provider could not delete the organization: the"
                        + " identity provider is down. Tenant " + id + " is suspended, with its data, and some of its"
                        + " users may be gone; delete it again to finish."));
        String page = given().get("/operator").then().statusCode(200).extract().asString();
        String row = page.substring(page.indexOf("data-tenant=\"" + id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("<span class=\"status status-suspended\">suspended</span> <span class=\"status"
                + " status-failed\">deletion unfinished</span>"), row);
        assertTrue(row.contains("Its deletion did not finish: delete it again."), row);
        assertTrue(!row.contains("Resume tenant"), row);
        PageClient.htmx("/operator").formParam("status", "active").post("/operator/tenants/" + id + "/status")
                .then().statusCode(409).body(containsString("Tenant " + id + " was being deleted and its deletion"
                        + " did not finish: some of its users may be gone. Delete it again to finish; it cannot be"
                        + " resumed."));
        assertEquals(TenantStatus.SUSPENDED, platform.find(id).orElseThrow().status());
        PageClient.htmx("/operator").redirects().follow(false).formParam("confirm", id)
                .post("/operator/tenants/" + id + "/delete").then().statusCode(303);
        assertTrue(platform.find(id).isEmpty());
    }

    /**
     * A deletion started and perhaps still running (its data can take minutes) says so, rather than inviting a
     * second Delete; one started longer ago than its time limit did not finish.
     */
    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void aDeletionUnderWayIsSaidSoAndOneLongStartedIsUnfinished() throws java.sql.SQLException {
        String id = "page-way-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        tenants.ensure(id);
        PageClient.htmx("/operator").redirects().follow(false).formParam("status", "suspended")
                .post("/operator/tenants/" + id + "/status").then().statusCode(303);
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("insert into platform_audit (actor, action, tenant, summary, details) values ('otto',"
                    + " 'tenant_deletion_started', '" + id + "', 'Deleting tenant " + id + "', '{}')");
        }
        String row = row(given().get("/operator").then().statusCode(200).extract().asString(), id);
        assertTrue(row.contains("deletion under way") && row.contains("reload this page in a while"), row);
        assertTrue(!row.contains("Resume") && !row.contains("Delete tenant"),
                "neither resumed nor deleted twice: " + row);
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("update platform_audit set at = at - interval '2 hours' where tenant = '" + id + "'");
        }
        row = row(given().get("/operator").then().statusCode(200).extract().asString(), id);
        assertTrue(row.contains("deletion unfinished") && row.contains("delete it again")
                && row.contains("Delete tenant " + id), row);
    }

    private static String row(String page, String id) {
        String row = page.substring(page.indexOf("data-tenant=\"" + id + "\""));
        return row.substring(0, row.indexOf("</tr>"));
    }

    /** A deletion recorded as failed while its tenant stayed active (before deletions suspended) blocks nothing. */
    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void anActiveTenantWithAnOldFailedDeletionIsJustActive() throws java.sql.SQLException {
        String id = "page-old-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        tenants.ensure(id);
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("insert into platform_audit (actor, action, tenant, summary, details) values ('otto',"
                    + " 'tenant_deletion_failed', '" + id + "', 'Deleting tenant " + id + " failed', '{}')");
        }
        String page = given().get("/operator").then().statusCode(200).extract().asString();
        String row = page.substring(page.indexOf("data-tenant=\"" + id + "\""));
        assertTrue(!row.substring(0, row.indexOf("</tr>")).contains("deletion unfinished"), row);
        PageClient.htmx("/operator").redirects().follow(false).formParam("status", "active")
                .post("/operator/tenants/" + id + "/status").then().statusCode(303);
        assertEquals(TenantStatus.ACTIVE, platform.find(id).orElseThrow().status());
    }

    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void thePlatformLogPagesThroughEveryActionOfATenant() throws java.sql.SQLException {
        String id = "page-log-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            // actions 1 to 7 share one instant, across the pages' boundary: the id breaks the tie
            statement.execute("insert into platform_audit (at, actor, action, tenant, summary) select"
                    + " timestamptz '2026-01-01' + greatest(n, 7) * interval '1 minute', 'otto', 'tenant_suspended', '"
                    + id + "', 'Action ' || n from generate_series(1, 105) n");
        }
        given().get("/operator").then().statusCode(200)
                .body(containsString("<a href=\"/operator/actions\">The whole platform log"));

        String first = given().get("/operator/actions?tenant=" + id).then().statusCode(200)
                .body(containsString("Actions on tenant " + id)).extract().asString();
        assertEquals(100, count(first, "data-action="), "a page holds 100 actions");
        assertTrue(first.indexOf(">Action 105<") >= 0 && first.indexOf(">Action 105<") < first.indexOf(">Action 6<"),
                "newest first");
        assertTrue(!first.contains(">Action 5<"), "the 101st is on the next page");
        assertTrue(!first.contains("Newest actions"), first);
        String older = first.substring(first.indexOf("<a href=\"/operator/actions?tenant=" + id + "&amp;before="));
        String link = older.substring(older.indexOf('"') + 1, older.indexOf("\" rel=\"next\"")).replace("&amp;", "&");

        String second = given().get(link).then().statusCode(200).body(containsString("Newest actions")).extract()
                .asString();
        assertEquals(5, count(second, "data-action="));
        assertTrue(second.contains(">Action 5<") && second.contains(">Action 1<") && !second.contains(">Action 6<"),
                second);
        assertTrue(!second.contains("rel=\"next\""), "the oldest page links to nothing older");

        given().get("/operator/actions?tenant=" + id + "-none").then().statusCode(200)
                .body(containsString("No action recorded for tenant " + id + "-none yet."));
        given().get("/operator/actions").then().statusCode(200).body(containsString("All actions"));
        given().get("/operator/actions?before=abc").then().statusCode(400)
                .body(containsString("before must be an action")).body(containsString("it was &#39;abc&#39;"));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void theOperatorReachesNoTenantPage() {
        for (String page : List.of("/admin", "/executive", "/csm", "/admin/audit", "/admin/imports",
                "/settings/notifications")) {
            given().redirects().follow(false).get(page).then().statusCode(403);
        }
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void aTenantAdminDoesNotReachTheOperatorsPage() {
        given().get("/operator").then().statusCode(403).body(containsString("<title>Forbidden"));
        given().get("/operator/actions").then().statusCode(403);
        PageClient.htmx("/admin").formParam("confirm", "globex").post("/operator/tenants/globex/delete").then()
                .statusCode(403);
        assertTrue(platform.find("globex").isPresent());
    }

    @Test
    @TestSecurity(user = "otto", roles = { "operator", "admin" })
    @OidcSecurity(claims = @Claim(key = "tenant", value = "acme"))
    void aTokenWithATenantDoesNotReachTheOperatorsPageEvenWithTheOperatorRole() {
        given().get("/operator").then().statusCode(403).body(containsString("for the platform operator"));
        given().get("/admin").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "sue", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = PAUSED))
    void aSuspendedTenantsPagesAnswer403UntilItIsResumed() {
        tenants.ensure(PAUSED);
        given().get("/admin").then().statusCode(200);
        platform.setStatus(PAUSED, TenantStatus.SUSPENDED, "otto", "Otto");
        for (String page : List.of("/admin", "/csm", "/executive", "/admin/imports")) {
            given().redirects().follow(false).get(page).then().statusCode(403)
                    .body(containsString("access to Bellwether is suspended"))
                    .body(containsString("only Bellwether support can resume it"))
                    // no link into pages refused alike
                    .body(not(containsString("Back to your home page")));
        }
        platform.setStatus(PAUSED, TenantStatus.ACTIVE, "otto", "Otto");
        given().get("/admin").then().statusCode(200);
        given().get("/csm").then().statusCode(200);
    }
}
