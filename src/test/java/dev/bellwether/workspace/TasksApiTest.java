package dev.bellwether.workspace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Tasks through the API: created, listed overdue first, changed; roles, tenants and bad input. */
@QuarkusTest
class TasksApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    WorkspaceAccounts accounts;

    private static String task(String accountId, String title, LocalDate due, String assignee) {
        return "{\"accountId\":\"" + accountId + "\",\"title\":\"" + title + "\",\"dueDate\":\"" + due + "\""
                + (assignee == null ? "" : ",\"assigneeEmail\":\"" + assignee + "\"") + "}";
    }

    @Test
    void tasksAreCreatedForTheAccountsCsmListedOverdueFirstAndChanged() {
        String tenant = tenants.create("tasks");
        tenants.addAccount(tenant, "ACC-1", "One");
        data.single(tenant, "update account set csm_email = 'Cam@" + tenant + ".example' where account_id = 'ACC-1'"
                + " returning 1");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String executive = FakeKeycloak.accessToken("eve", tenant, "executive");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String me = "cam@" + tenant + ".example";

        io.restassured.response.ValidatableResponse created = given().auth().oauth2(csm)
                .contentType(ContentType.JSON).body(task("ACC-1", "Send the renewal quote", today.plusDays(5), null))
                .post("/api/v1/tasks").then().statusCode(201);
        String later = created
                .body("accountId", equalTo("ACC-1")).body("title", equalTo("Send the renewal quote"))
                .body("dueDate", equalTo(today.plusDays(5).toString())).body("assigneeEmail", equalTo(me))
                .body("status", equalTo("open")).body("playbook", nullValue()).body("alertId", nullValue())
                .body("createdAt", notNullValue()).body("doneAt", nullValue())
                .extract().path("id");
        // the answer's time is the one stored (PostgreSQL keeps microseconds; the clock must not say more)
        given().auth().oauth2(csm).get("/api/v1/tasks/" + later).then().statusCode(200)
                .body("createdAt", equalTo(created.extract().path("createdAt")));
        String overdue = given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body(task("ACC-1", "Call the sponsor", today.minusDays(2), null))
                .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body(task("ACC-1", "Prepare the QBR deck", today.plusDays(1), "Cole@" + tenant + ".example"))
                .post("/api/v1/tasks").then().statusCode(201).body("assigneeEmail", equalTo("cole@" + tenant
                        + ".example"));

        given().auth().oauth2(executive).get("/api/v1/tasks?assignee=" + me).then().statusCode(200)
                .body("id", equalTo(List.of(overdue, later))).header("X-Truncated", nullValue());
        // a list cut at its limit says so (it used to end there silently)
        given().auth().oauth2(executive).get("/api/v1/tasks?limit=2").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasSize(2)).header("X-Truncated", equalTo("true"));
        given().auth().oauth2(executive).get("/api/v1/tasks?limit=3").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasSize(3)).header("X-Truncated", nullValue());
        // the next page holds the rest, in the same order (past the limit nothing could be read)
        List<String> all = given().auth().oauth2(executive).get("/api/v1/tasks").then().extract().path("id");
        given().auth().oauth2(executive).get("/api/v1/tasks?limit=2&page=2").then().statusCode(200)
                .body("id", equalTo(all.subList(2, 3))).header("X-Truncated", nullValue());
        given().auth().oauth2(executive).get("/api/v1/tasks?limit=2&page=3").then().statusCode(200)
                .body("$", hasSize(0));
        given().auth().oauth2(executive).get("/api/v1/tasks?page=0").then().statusCode(422)
                .body("errors[0].field", equalTo("page"));
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=me&status=open").then()
                .body("title", equalTo(List.of("Call the sponsor", "Send the renewal quote")));
        given().auth().oauth2(csm).get("/api/v1/tasks?accountId=ACC-1").then().body("$", hasSize(3));

        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"status\":\"done\"}")
                .patch("/api/v1/tasks/" + overdue).then().statusCode(200).body("status", equalTo("done"))
                .body("doneAt", notNullValue());
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"dueDate\":\"" + today.plusDays(9) + "\",\"assigneeEmail\":\"cole@" + tenant + ".example\"}")
                .patch("/api/v1/tasks/" + later).then().statusCode(200)
                .body("dueDate", equalTo(today.plusDays(9).toString()))
                .body("assigneeEmail", equalTo("cole@" + tenant + ".example"));
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=me&status=open").then().body("$", hasSize(0));
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=me&status=done").then()
                .body("title", equalTo(List.of("Call the sponsor")));
        // created ×3, done, rescheduled and reassigned (one event)
        assertEquals("5", data.single(tenant, "select count(*) from audit_event where kind = 'task'"));

        given().auth().oauth2(executive).contentType(ContentType.JSON).body(task("ACC-1", "x", today, null))
                .post("/api/v1/tasks").then().statusCode(403);
        given().auth().oauth2(executive).contentType(ContentType.JSON).body("{\"status\":\"open\"}")
                .patch("/api/v1/tasks/" + overdue).then().statusCode(403);
    }

    /**
     * A CSM column that says "(none)" or "(unassigned)" (an export's words for no CSM) names no one: a task on such
     * an account is unassigned, as the per-CSM figures count it, and the words are no assignee choice.
     */
    @Test
    void anAccountWhoseCsmColumnSaysNoneGetsUnassignedTasksAndTheWordsAreNoAssigneeChoice() {
        String tenant = tenants.create("tasks-none");
        tenants.addAccount(tenant, "ACC-N", "None");
        tenants.addAccount(tenant, "ACC-U", "Unassigned");
        tenants.addAccount(tenant, "ACC-C", "Cam's");
        assertEquals("3", data.single(tenant, "with x as (update account set csm_email = case account_id"
                + " when 'ACC-N' then '(none)' when 'ACC-U' then '(unassigned)' else 'cam@x.example' end returning 1)"
                + " select count(*) from x"));
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        for (String account : List.of("ACC-N", "ACC-U")) {
            given().auth().oauth2(csm).contentType(ContentType.JSON).body(task(account, "Find an owner", due, null))
                    .post("/api/v1/tasks").then().statusCode(201).body("assigneeEmail", nullValue());
        }
        given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-C", "Call", due, null))
                .post("/api/v1/tasks").then().statusCode(201).body("assigneeEmail", equalTo("cam@x.example"));
        assertEquals(List.of("cam@x.example"), TenantContext.call(tenant, () -> accounts.csmEmails()));
    }

    @Test
    void unknownTasksOtherTenantsAccountsAndBadInputAreRefusedAndWriteNothing() {
        String a = tenants.create("tasks-a");
        String b = tenants.create("tasks-b");
        tenants.addAccount(a, "ACC-A1", "Alpha");
        tenants.addAccount(b, "ACC-B1", "Bravo");
        String csmA = FakeKeycloak.accessToken("cam", a, "csm");
        String csmB = FakeKeycloak.accessToken("gia", b, "csm");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String ofB = given().auth().oauth2(csmB).contentType(ContentType.JSON)
                .body(task("ACC-B1", "B's task", today, null)).post("/api/v1/tasks").then().statusCode(201)
                .extract().path("id");

        given().auth().oauth2(csmA).contentType(ContentType.JSON).body(task("ACC-B1", "Sneak", today, null))
                .post("/api/v1/tasks").then().statusCode(404);
        given().auth().oauth2(csmA).contentType(ContentType.JSON).body("{\"status\":\"done\"}")
                .patch("/api/v1/tasks/" + ofB).then().statusCode(404);
        given().auth().oauth2(csmA).contentType(ContentType.JSON).body("{\"status\":\"done\"}")
                .patch("/api/v1/tasks/00000000-0000-0000-0000-000000000001").then().statusCode(404);
        given().auth().oauth2(csmA).contentType(ContentType.JSON).body("{\"status\":\"done\"}")
                .patch("/api/v1/tasks/42").then().statusCode(404);
        given().auth().oauth2(csmA).get("/api/v1/tasks").then().statusCode(200).body("$", hasSize(0));
        // another tenant's account is no account, as a typo's: 404, not an empty list
        given().auth().oauth2(csmA).get("/api/v1/tasks?accountId=ACC-B1").then().statusCode(404)
                .body("message", equalTo("No account ACC-B1"));
        given().auth().oauth2(csmA).get("/api/v1/tasks?accountId=ACC-A9").then().statusCode(404);
        given().auth().oauth2(csmA).get("/api/v1/tasks?accountId=ACC-A1").then().statusCode(200).body("$", hasSize(0));

        given().auth().oauth2(csmA).contentType(ContentType.JSON)
                .body("{\"accountId\":\"ACC-A1\",\"title\":\"\",\"dueDate\":\"31/12/2026\","
                        + "\"assigneeEmail\":\"no\\u200bbody\"}")
                .post("/api/v1/tasks").then().statusCode(422)
                .body("errors.field", equalTo(List.of("title", "dueDate", "assigneeEmail")));
        given().auth().oauth2(csmA).contentType(ContentType.JSON)
                .body("{\"title\":\"x\",\"dueDate\":\"" + today + "\"}")
                .post("/api/v1/tasks").then().statusCode(422).body("errors[0].field", equalTo("accountId"));
        given().auth().oauth2(csmA).contentType(ContentType.JSON)
                .body(task("ACC-A1", "x".repeat(201), today, null)).post("/api/v1/tasks").then().statusCode(422)
                .body("errors[0].field", equalTo("title"));
        given().auth().oauth2(csmA).get("/api/v1/tasks?status=later").then().statusCode(422)
                .body("errors[0].field", equalTo("status"));
        String ofA = given().auth().oauth2(csmA).contentType(ContentType.JSON)
                .body(task("ACC-A1", "Kept", today, null)).post("/api/v1/tasks").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(csmA).contentType(ContentType.JSON).body("{\"status\":\"finished\",\"dueDate\":\"x\"}")
                .patch("/api/v1/tasks/" + ofA).then().statusCode(422)
                .body("errors.field", equalTo(List.of("status", "dueDate")));
        // sent empty, a status or due date is a mistake to name, not a change to skip
        given().auth().oauth2(csmA).contentType(ContentType.JSON).body("{\"status\":\" \",\"dueDate\":null}")
                .patch("/api/v1/tasks/" + ofA).then().statusCode(422)
                .body("errors.field", equalTo(List.of("status", "dueDate")))
                .body("errors[0].message", equalTo("status must be open or done"));
        given().auth().oauth2(csmA).contentType(ContentType.JSON).body("{\"dueDate\":\"\"}")
                .patch("/api/v1/tasks/" + ofA).then().statusCode(422).body("errors.field", equalTo(List.of("dueDate")));
        given().auth().oauth2(csmA).get("/api/v1/tasks").then().statusCode(200).body("title", equalTo(List.of("Kept")))
                .body("[0].status", equalTo("open"));
        assertEquals(1, data.count(a, "task"));
        assertEquals("B's task", data.single(b, "select title || ':' || status from task").replace(":open", ""));
    }

    @Test
    void twoChangesToOneTaskAtOnceTakeTurnsAndNeitherIsLost() throws Exception {
        String tenant = tenants.create("tasks-race");
        tenants.addAccount(tenant, "ACC-1", "One");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String id = given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body(task("ACC-1", "Call the sponsor", LocalDate.now(ZoneOffset.UTC).plusDays(3), "cam@x.example"))
                .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
        // another change holds the task (reassigned, not yet committed) while a CSM marks it done
        try (Connection other = DriverManager.getConnection(DatabaseBootstrap.jdbcUrl(), "postgres", "")) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                assertEquals(1, statement.executeUpdate("update task set assignee_email = 'cole@x.example'"
                        + " where id = '" + id + "'"));
            }
            CompletableFuture<Integer> done = CompletableFuture.supplyAsync(() -> given().auth().oauth2(csm)
                    .contentType(ContentType.JSON).body("{\"status\":\"done\"}").patch("/api/v1/tasks/" + id)
                    .then().extract().statusCode());
            Thread.sleep(700);
            assertFalse(done.isDone(), "the change waits for the one holding the task");
            other.commit();
            assertEquals(200, done.get(30, TimeUnit.SECONDS));
        }
        given().auth().oauth2(csm).get("/api/v1/tasks?accountId=ACC-1").then()
                .body("[0].status", equalTo("done")).body("[0].assigneeEmail", equalTo("cole@x.example"));
    }

    @Test
    void textIsCountedInCharactersAnAddressThatGrowsWhenLowerCasedIsRefusedAndEveryProblemIsNamedAtOnce() {
        String tenant = tenants.create("tasks-text");
        String other = tenants.create("tasks-text-other");
        String emojiId = "🚀".repeat(70); // 70 characters, 140 UTF-16 units: an id the imports accept
        tenants.addAccount(tenant, emojiId, "Rocket");
        tenants.addAccount(tenant, "ACC-1", "One");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String title = "🎉".repeat(200);

        io.restassured.response.ExtractableResponse<io.restassured.response.Response> created = given().auth()
                .oauth2(csm).contentType(ContentType.JSON).body(task(emojiId, title, today, null))
                .post("/api/v1/tasks").then().statusCode(201).body("title", equalTo(title)).extract();
        String location = created.header("Location");
        assertEquals("/api/v1/tasks/" + created.path("id"), java.net.URI.create(location).getPath());
        given().auth().oauth2(FakeKeycloak.accessToken("eve", tenant, "executive")).get(location).then()
                .statusCode(200).body("id", equalTo(created.path("id"))).body("accountId", equalTo(emojiId));
        given().auth().oauth2(FakeKeycloak.accessToken("gia", other, "csm")).get(location).then().statusCode(404);
        given().auth().oauth2(csm).get("/api/v1/tasks/42").then().statusCode(404);
        given().auth().oauth2(csm).get("/api/v1/accounts/{id}/timeline", emojiId).then().statusCode(200);
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"note\",\"body\":\""
                + "✍️".repeat(5000) + "\"}").post("/api/v1/accounts/{id}/notes", emojiId).then().statusCode(201);

        given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-1", title + "🎉", today, null))
                .post("/api/v1/tasks").then().statusCode(422)
                .body("errors[0].message", equalTo("title is at most 200 characters (it has 201)"));
        // half an emoji would be stored as "?": refused, on a new task and on a change
        given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-1", "Call \\ud83d", today, null))
                .post("/api/v1/tasks").then().statusCode(422).body("errors.field", equalTo(List.of("title")))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("lone UTF-16 surrogate"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"title\":\"Call \\udc00\"}")
                .patch(location).then().statusCode(422).body("errors.field", equalTo(List.of("title")));
        // 325 characters, 645 once lower-cased: 'İ' becomes 'i' and a combining dot; the column holds 512
        String growing = "İ".repeat(200) + "@" + "İ".repeat(120) + ".com";
        given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-1", "Grow", today, growing))
                .post("/api/v1/tasks").then().statusCode(422).body("errors.field", equalTo(List.of("assigneeEmail")));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"" + growing + "\"}")
                .patch(location).then().statusCode(422).body("errors.field", equalTo(List.of("assigneeEmail")));
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=" + growing).then().statusCode(422)
                .body("errors.field", equalTo(List.of("assignee")));

        // a wrong type and a wrong date are named together, not one request after the other
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"accountId\":\"ACC-1\",\"title\":5,\"dueDate\":\"31/12/2026\"}")
                .post("/api/v1/tasks").then().statusCode(422)
                .body("errors.field", equalTo(List.of("title", "dueDate")))
                .body("errors[0].message", equalTo("title must be text"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"status\":5,\"dueDate\":\"x\"}")
                .patch(location).then().statusCode(422).body("errors.field", equalTo(List.of("status", "dueDate")));
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2999-01-01\",\"attendees\":5}")
                .post("/api/v1/accounts/ACC-1/notes").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("attendees", "occurredAt"));
        assertEquals(1, data.count(tenant, "task"));
        assertEquals(1, data.count(tenant, "account_note"));
    }

    /**
     * The accounts import does not check the shape of a csm_email (a user name, an address without a dotted domain):
     * a task assigned to the account's CSM by that value can be listed by it and assigned back, as the app offers it.
     */
    @Test
    void aCsmWrittenInAnyShapeTheImportTakesIsAnAssigneeToListAndToAssignBack() {
        String tenant = tenants.create("tasks-any-csm");
        tenants.addAccount(tenant, "ACC-1", "One");
        data.single(tenant, "with a as (update account set csm_email = 'jsmith' where tenant_id = '" + tenant
                + "' returning 1) select count(*) from a");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        LocalDate due = LocalDate.now().plusDays(3);
        String location = given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body(task("ACC-1", "Call", due, null)).post("/api/v1/tasks").then().statusCode(201)
                .body("assigneeEmail", equalTo("jsmith")).extract().header("Location");
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=JSmith").then().statusCode(200)
                .body("title", equalTo(List.of("Call")));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"cam@corp\"}")
                .patch(location).then().statusCode(200).body("assigneeEmail", equalTo("cam@corp"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"jsmith\"}")
                .patch(location).then().statusCode(200).body("assigneeEmail", equalTo("jsmith"));
        // a CRM's owner names are what the import takes too; a character that shows as nothing is refused
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"Jane Smith\"}")
                .patch(location).then().statusCode(200).body("assigneeEmail", equalTo("jane smith"));
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=jane smith").then().statusCode(200)
                .body("title", equalTo(List.of("Call")));
        for (String bad : List.of("jsmith\\u00a0x", "j\\u200bsmith", "\\u00a0")) {
            given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"" + bad + "\"}")
                    .patch(location).then().statusCode(422).body("errors.field", equalTo(List.of("assigneeEmail")));
        }
        // the words for no CSM name nobody: as an assignee they would be listed, and counted, as a person
        for (String none : List.of("(unassigned)", "(None)")) {
            given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"" + none + "\"}")
                    .patch(location).then().statusCode(422).body("errors[0].message", equalTo("assigneeEmail \""
                            + none.toLowerCase(java.util.Locale.ROOT) + "\" names nobody (it is the word for no CSM):"
                            + " name a person"));
        }
        given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-1", "Call", due, "(none)"))
                .post("/api/v1/tasks").then().statusCode(422);
        given().auth().oauth2(csm).get(location).then().body("assigneeEmail", equalTo("jane smith"));
    }

    /**
     * {@code me} is the user when a task is given too, in any case, as in the list's filter: it was stored as the
     * address "me", a task in nobody's list. A title of invisible characters alone is no title.
     */
    @Test
    void meIsYouWhenATaskIsGivenAndAnInvisibleTitleIsNone() {
        String tenant = tenants.create("tasks-me");
        tenants.addAccount(tenant, "ACC-1", "One");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String me = "cam@" + tenant + ".example";
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        String id = given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-1", "Call", due, "Me"))
                .post("/api/v1/tasks").then().statusCode(201).body("assigneeEmail", equalTo(me)).extract().path("id");
        given().auth().oauth2(csm).get("/api/v1/tasks?assignee=ME").then().statusCode(200)
                .body("id", equalTo(List.of(id)));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":null}")
                .patch("/api/v1/tasks/" + id).then().statusCode(200).body("assigneeEmail", nullValue());
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"assigneeEmail\":\"me\"}")
                .patch("/api/v1/tasks/" + id).then().statusCode(200).body("assigneeEmail", equalTo(me));
        String unverified = FakeKeycloak.accessToken("cam", tenant, "cam@x.example", false, "csm");
        given().auth().oauth2(unverified).contentType(ContentType.JSON).body(task("ACC-1", "Call", due, "me"))
                .post("/api/v1/tasks").then().statusCode(422).body("errors.field", equalTo(List.of("assigneeEmail")));
        // a joiner or a variation selector alone shows as nothing too
        for (String invisible : List.of("\\u200b", "\\u00a0 \\u2060", "\\u200d", "\\ufe0f", "\\u2800")) {
            given().auth().oauth2(csm).contentType(ContentType.JSON).body(task("ACC-1", invisible, due, null))
                    .post("/api/v1/tasks").then().statusCode(422).body("errors.field", equalTo(List.of("title")));
        }
        assertEquals("1", data.single(tenant, "select count(*) from task"));
    }

    @Test
    void myTasksWithoutAVerifiedEmailAreNoneButABadQueryIsStillNamed() {
        String tenant = tenants.create("tasks-unverified");
        String unverified = FakeKeycloak.accessToken("cam", tenant, "cam@x.example", false, "csm");
        given().auth().oauth2(unverified).get("/api/v1/tasks?assignee=me").then().statusCode(200)
                .body("$", hasSize(0));
        given().auth().oauth2(unverified).get("/api/v1/tasks?assignee=me&status=bogus&limit=0").then()
                .statusCode(422).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("status", "limit"));
    }
}
