package dev.bellwether.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The CSM page's bulk "Create a task" and "Run a playbook": one task (or one run) per selected account,
 * for each account's CSM, all or nothing, audited; bad input and another tenant's account write nothing;
 * executives may not.
 */
@QuarkusTest
class BulkWorkTest {

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        tenants.ensure(TASKS);
        tenants.ensure(PLAYS);
        tenants.ensure(MINE);
    }

    static final String TASKS = "bulkwork-tasks";
    static final String PLAYS = "bulkwork-plays";
    static final String MINE = "bulkwork-mine";
    static final String CHLOE = "chloe.martin@bellwether.example";
    static final String YUKI = "yuki.tanaka@bellwether.example";

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    TestTenants tenants;

    @Inject
    AuditLog audit;

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TASKS))
    void aTaskOnEachOfThreeAccountsForTheirCsmsAllOrNothing() {
        recalculations.loadSample(TASKS);
        String other = tenants.create("bulkwork-other");
        tenants.addAccount(other, "ACC-90001", "Elsewhere Ltd");
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(7);
        String page = given().get("/csm?scope=all&band=at_risk").then().statusCode(200).extract().asString();
        assertTrue(page.contains("hx-post=\"/csm/bulk/tasks\""), "the task form is in the bar");
        assertTrue(page.contains("name=\"dueDate\" type=\"date\" required min=\"2000-01-01\" max=\""
                + LocalDate.now(ZoneOffset.UTC).plusYears(10) + "\""), "the range the server takes");

        // bad input, an unknown account, another tenant's account: 422 naming it, nothing written
        post().formParams(Map.of("title", " ", "dueDate", due.toString())).formParam("account", "ACC-00057")
                .post("/csm/bulk/tasks").then().statusCode(422)
                .body(containsString("<p class=\"form-error\">The task is required; nothing was changed.</p>"));
        // the answer goes into #bulk-result, a live region that stays in the page and reads it out
        assertTrue(page.contains("<div id=\"bulk-result\" class=\"bulk-result\" aria-live=\"polite\">"), "live");
        post().formParams(Map.of("title", "Call", "dueDate", "2026-13-01")).formParam("account", "ACC-00057")
                .post("/csm/bulk/tasks").then().statusCode(422)
                .body(containsString("The due date must be a date as YYYY-MM-DD, not &quot;2026-13-01&quot;"));
        post().formParams(Map.of("title", "Call", "dueDate", due.toString()))
                .formParam("account", "ACC-00019").formParam("account", "ACC-NOPE")
                .post("/csm/bulk/tasks").then().statusCode(422)
                .body(containsString("There is no account ACC-NOPE; nothing was changed."));
        post().formParams(Map.of("title", "Call", "dueDate", due.toString()))
                .formParam("account", "ACC-00019").formParam("account", "ACC-90001")
                .post("/csm/bulk/tasks").then().statusCode(422)
                .body(containsString("There is no account ACC-90001; nothing was changed."));
        assertEquals(0, data.count(TASKS, "task"));
        assertEquals(0, data.count(other, "task"));

        post().formParams(Map.of("title", "Call about the renewal", "dueDate", due.toString()))
                .formParam("account", "ACC-00019").formParam("account", "ACC-00024").formParam("account", "ACC-00057")
                .post("/csm/bulk/tasks").then().statusCode(200).header("HX-Trigger", "tasksChanged")
                .body(containsString("<p class=\"flash\">Created 3 tasks on 3 accounts.</p>"))
                .body(containsString("<section id=\"my-tasks\" class=\"card my-tasks\""
                        + " aria-labelledby=\"my-tasks-heading\" hx-swap-oob=\"true\" hx-get=\"/tasks/panel\""
                        + " hx-trigger=\"load\""));
        List<Map<String, Object>> tasks = given().auth().oauth2(FakeKeycloak.accessToken("ada", TASKS, "admin"))
                .get("/api/v1/tasks").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(3, tasks.size());
        Map<String, Object> byAccount = new java.util.TreeMap<>();
        tasks.forEach(t -> byAccount.put((String) t.get("accountId"), t.get("assigneeEmail")));
        assertEquals(Map.of("ACC-00019", CHLOE, "ACC-00024", YUKI, "ACC-00057", CHLOE), byAccount);
        tasks.forEach(t -> {
            assertEquals("Call about the renewal", t.get("title"));
            assertEquals(due.toString(), t.get("dueDate"));
            assertEquals("open", t.get("status"));
        });
        List<AuditLog.Event> events = TenantContext.call(TASKS, () -> audit.page(AuditKind.TASK, 1, 50)).events();
        assertEquals(List.of("ACC-00019", "ACC-00024", "ACC-00057"),
                events.stream().map(AuditLog.Event::subject).sorted().toList(), "one audit entry per task");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = PLAYS))
    void aPlaybookRunOnTwoAccountsMakesItsStepsTasksOnEach() {
        recalculations.loadSample(PLAYS);
        String admin = FakeKeycloak.accessToken("ada", PLAYS, "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Win back the sponsor\",\"trigger\":\"manual\",\"enabled\":true,\"steps\":["
                        + "{\"title\":\"Call the sponsor\",\"dueInDays\":2},"
                        + "{\"title\":\"Send a recap\",\"dueInDays\":5},"
                        + "{\"title\":\"Book a QBR\",\"dueInDays\":14}]}")
                .put("/api/v1/playbooks/win-back").then().statusCode(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Old play\",\"trigger\":\"manual\",\"enabled\":false,\"steps\":["
                        + "{\"title\":\"Nothing\",\"dueInDays\":1}]}")
                .put("/api/v1/playbooks/old-play").then().statusCode(200);
        String page = given().get("/csm?scope=all").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<option value=\"win-back\">Win back the sponsor (3 steps)</option>"), "enabled");
        assertTrue(!page.contains("value=\"old-play\""), "a disabled playbook is not offered");

        post().formParam("playbook", "old-play").formParam("account", "ACC-00019")
                .post("/csm/bulk/playbooks").then().statusCode(422)
                .body(containsString("The playbook \u201cOld play\u201d is disabled; nothing was changed."));
        post().formParam("playbook", "no-such").formParam("account", "ACC-00019")
                .post("/csm/bulk/playbooks").then().statusCode(422)
                .body(containsString("There is no playbook no-such; nothing was changed."));
        post().formParam("playbook", "").formParam("account", "ACC-00019")
                .post("/csm/bulk/playbooks").then().statusCode(422).body(containsString("Choose a playbook to run."));
        post().formParam("playbook", "win-back").formParam("account", "ACC-00019").formParam("account", "ACC-NOPE")
                .post("/csm/bulk/playbooks").then().statusCode(422)
                .body(containsString("There is no account ACC-NOPE; nothing was changed."));
        assertEquals(0, data.count(PLAYS, "task"));
        assertEquals(0, data.count(PLAYS, "playbook_run"));

        post().formParam("playbook", "win-back").formParam("account", "ACC-00019").formParam("account", "ACC-00024")
                .post("/csm/bulk/playbooks").then().statusCode(200).header("HX-Trigger", "tasksChanged")
                .body(containsString("Ran \u201cWin back the sponsor\u201d on 2 accounts: 6 tasks created."));
        assertEquals(6, data.count(PLAYS, "task"));
        assertEquals(2, data.count(PLAYS, "playbook_run"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Map<String, Object>> tasks = given().auth().oauth2(admin).get("/api/v1/tasks?accountId=ACC-00024")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of("Call the sponsor " + today.plusDays(2), "Send a recap " + today.plusDays(5),
                "Book a QBR " + today.plusDays(14)), tasks.stream().map(t -> t.get("title") + " " + t.get("dueDate"))
                .toList());
        tasks.forEach(t -> assertEquals(YUKI, t.get("assigneeEmail")));
        tasks.forEach(t -> assertEquals("win-back", t.get("playbook")));
    }

    @Test
    @TestSecurity(user = "lars", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = MINE),
            @Claim(key = "email", value = "lars.nielsen@bellwether.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aCsmMayTakeTheTasksThemselves() {
        recalculations.loadSample(MINE);
        String page = given().get("/csm?scope=all").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<option value=\"me\">For me</option>"));
        post().formParams(Map.of("title", "Cover for Chloe", "dueDate", "2027-01-15", "assignee", "everyone"))
                .formParam("account", "ACC-00019").post("/csm/bulk/tasks").then().statusCode(422)
                .body(containsString("Assign the tasks to each account&#39;s CSM or to yourself."));
        post().formParams(Map.of("title", "Cover for Chloe", "dueDate", "2027-01-15", "assignee", "me"))
                .formParam("account", "ACC-00019").formParam("account", "ACC-00057")
                .post("/csm/bulk/tasks").then().statusCode(200)
                .body(containsString("Created 2 tasks on 2 accounts."));
        List<String> mine = given().auth().oauth2(FakeKeycloak.accessToken("ada", MINE, "admin"))
                .get("/api/v1/tasks?assignee=lars.nielsen@bellwether.example").then().statusCode(200).extract()
                .jsonPath().getList("accountId");
        assertEquals(List.of("ACC-00019", "ACC-00057"), mine.stream().sorted().toList());
        assertEquals(2, data.count(MINE, "task"));
        // for each account's CSM, an account without one gets a task in nobody's list: said, not left to find
        data.single(MINE, "with a as (update account set csm_email = null where account_id = 'ACC-00057'"
                + " returning 1) select count(*) from a");
        post().formParams(Map.of("title", "Check in", "dueDate", "2027-01-15", "assignee", "csm"))
                .formParam("account", "ACC-00019").formParam("account", "ACC-00057")
                .post("/csm/bulk/tasks").then().statusCode(200)
                .body(containsString("Created 2 tasks on 2 accounts. 1 task is unassigned: its account has no CSM."));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TASKS))
    void executivesMayNot() {
        long tasksBefore = data.count(TASKS, "task");
        // with a valid CSRF token, so the refusal is the role's
        post().formParam("account", "ACC-00057").formParam("title", "x").formParam("dueDate", "2027-01-01")
                .post("/csm/bulk/tasks").then().statusCode(403);
        post().formParam("account", "ACC-00057").formParam("playbook", "x").post("/csm/bulk/playbooks").then()
                .statusCode(403);
        assertEquals(0, data.count(TASKS, "task") - tasksBefore);
    }

    static RequestSpecification post() {
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        return given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true");
    }
}
