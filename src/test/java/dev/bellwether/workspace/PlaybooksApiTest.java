package dev.bellwether.workspace;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Playbooks: defined by admins, run when an alert of their rule opens (once per alert) or by hand; outcomes. */
@QuarkusTest
class PlaybooksApiTest {

    static final String SAVE_AT_RISK = "{\"name\":\"Save an at-risk account\",\"trigger\":\"at-risk\",\"enabled\":true,"
            + "\"steps\":[{\"title\":\"Call the sponsor\",\"dueInDays\":2},{\"title\":\"Plan a rescue QBR\","
            + "\"dueInDays\":7}]}";

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    PlaybookRuns runs;

    @Inject
    Database database;

    @Test
    void anAtRiskAlertRunsThePlaybookOnceAndRepeatedRecalculationsNeverDuplicateItsTasks() {
        String tenant = tenants.create("plays");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(SAVE_AT_RISK)
                .put("/api/v1/playbooks/save-at-risk").then().statusCode(200)
                .body("key", equalTo("save-at-risk")).body("trigger", equalTo("at-risk"))
                .body("steps.dueInDays", equalTo(List.of(2, 7)));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body(SAVE_AT_RISK)
                .put("/api/v1/playbooks/save-at-risk").then().statusCode(403);
        given().auth().oauth2(FakeKeycloak.accessToken("eve", tenant, "executive")).get("/api/v1/playbooks").then()
                .statusCode(200).body("name", equalTo(List.of("Save an at-risk account")));

        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        // expected.json: three at-risk alerts, ACC-00019 and ACC-00057 (chloe), ACC-00024 (yuki)
        List<Map<String, Object>> tasks = given().auth().oauth2(csm).get("/api/v1/tasks?status=open").then()
                .statusCode(200).body("$", hasSize(6)).body("playbook", everyItem(equalTo("save-at-risk")))
                .extract().jsonPath().getList("$");
        assertEquals(List.of("ACC-00019", "ACC-00019", "ACC-00024", "ACC-00024", "ACC-00057", "ACC-00057"),
                tasks.stream().map(t -> (String) t.get("accountId")).sorted().toList());
        assertEquals(4, tasks.stream().filter(t -> "chloe.martin@bellwether.example".equals(t.get("assigneeEmail")))
                .count());
        assertEquals(3, tasks.stream().filter(t -> t.get("dueDate").equals(today.plusDays(2).toString())).count());
        List<Integer> atRisk = given().auth().oauth2(csm).get("/api/v1/alerts?rule=at-risk").then().extract()
                .jsonPath().getList("id", Integer.class);
        assertEquals(atRisk.stream().sorted().flatMap(id -> java.util.stream.Stream.of(id, id)).toList(),
                tasks.stream().map(t -> (Integer) t.get("alertId")).sorted().toList());

        // more recalculations: the same data again, then a logged call
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2026-10-30\"}")
                .post("/api/v1/accounts/ACC-00019/notes").then().statusCode(201);
        recalculations.awaitIdle(tenant);
        assertEquals(6, data.count(tenant, "task"));
        assertEquals(3, data.count(tenant, "playbook_run"));
        // even announcing the same alert again writes nothing (the run's unique key)
        PlaybookDocument playbook = new PlaybookDocument("save-at-risk", "Save an at-risk account", "at-risk", true,
                List.of(new PlaybookDocument.Step("Call the sponsor", 2)));
        Optional<List<Tasks.TaskView>> again = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew()
                .call(() -> database.with(connection -> runs.start(connection, tenant, playbook, "ACC-00019", null,
                        atRisk.get(0).longValue(), PlaybookRuns.Starter.SYSTEM))));
        assertTrue(again.isEmpty());
        assertEquals(6, data.count(tenant, "task"));

        given().auth().oauth2(csm).get("/api/v1/playbooks/save-at-risk/outcomes").then().statusCode(200)
                .body("runs", equalTo(3)).body("accounts", equalTo(3)).body("tasksDone", equalTo(0))
                .body("tasksOpen", equalTo(6)).body("tasksOverdue", equalTo(0)).body("onTimePct", nullValue())
                .body("decided", equalTo(0)).body("stillPaying90d", equalTo(0)).body("churned90d", equalTo(0));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"status\":\"done\"}")
                .patch("/api/v1/tasks/" + tasks.get(0).get("id")).then().statusCode(200);
        // two runs started long before the latest data day (2026-10-31): ACC-00002 still pays in 2026-10,
        // ACC-00049 paid last in 2026-06
        data.single(tenant, "insert into playbook_run (tenant_id, id, playbook_key, account_id, started_on, started_by)"
                + " values ('" + tenant + "', gen_random_uuid(), 'save-at-risk', 'ACC-00002', date '2026-06-01',"
                + " 'ada'),"
                + " ('" + tenant + "', gen_random_uuid(), 'save-at-risk', 'ACC-00049', date '2026-05-01', 'ada')"
                + " returning 1");
        given().auth().oauth2(csm).get("/api/v1/playbooks/save-at-risk/outcomes").then().statusCode(200)
                .body("runs", equalTo(5)).body("accounts", equalTo(5)).body("tasksDone", equalTo(1))
                .body("tasksOpen", equalTo(5)).body("onTimePct", equalTo(100.0f)).body("decided", equalTo(2))
                .body("stillPaying90d", equalTo(1)).body("churned90d", equalTo(1));
        assertEquals("4", data.single(tenant, "select count(*) from audit_event where kind = 'playbook'"));
    }

    /** A disabled playbook of a rule does not run when alerts of that rule open (the docs' promise, untested). */
    @Test
    void aDisabledPlaybookDoesNotRunForTheAlertsOfItsRule() {
        String tenant = tenants.create("plays-off");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(SAVE_AT_RISK.replace("\"enabled\":true", "\"enabled\":false"))
                .put("/api/v1/playbooks/save-at-risk").then().statusCode(200).body("enabled", equalTo(false));
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(admin).get("/api/v1/alerts?rule=at-risk").then().statusCode(200).body("$", hasSize(3));
        assertEquals(0, data.count(tenant, "task"), "expected.json's three at-risk alerts opened, and no task");
        assertEquals("0", data.single(tenant, "select count(*) from playbook_run"));
    }

    @Test
    void badPlaybooksAreRefusedAndManualRunsCheckAccountAndPlaybook() {
        String a = tenants.create("plays-a");
        String b = tenants.create("plays-b");
        tenants.addAccount(a, "ACC-A1", "Alpha");
        tenants.addAccount(b, "ACC-B1", "Bravo");
        String admin = FakeKeycloak.accessToken("ada", a, "admin");
        String csm = FakeKeycloak.accessToken("cam", a, "csm");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\","
                        + "\"steps\":[{\"title\":\"Kick-off\",\"dueInDays\":-3}]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(422)
                .body("errors[0].field", equalTo("steps[0].dueInDays"))
                .body("errors[0].message", equalTo("steps[0].dueInDays must be from 0 to 365 days, not -3"));
        // a title sent as a number is not text, not a title left out
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\",\"steps\":[{\"title\":5,\"dueInDays\":3},"
                        + "{\"dueInDays\":3}]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(422)
                .body("errors.message", equalTo(List.of("steps[0].title must be text", "steps[1].title is required")));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"trigger\":\"sometimes\",\"steps\":[]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(422)
                .body("errors.field", equalTo(List.of("name", "trigger", "steps")));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"key\":\"other\",\"name\":\"Onboard\",\"trigger\":\"manual\","
                        + "\"steps\":[{\"title\":\"Kick-off\",\"dueInDays\":0}]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(422).body("errors[0].field", equalTo("key"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\","
                        + "\"steps\":[{\"title\":\"Kick-off\",\"dueInDays\":0}]}")
                .put("/api/v1/playbooks/Not%20A%20Key").then().statusCode(422).body("errors[0].field", equalTo("key"));
        // a bad key is named with the body's problems; steps: null is no steps at all
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\",\"steps\":null}")
                .put("/api/v1/playbooks/Bad_Key").then().statusCode(422)
                .body("errors.field", equalTo(List.of("key", "steps")))
                .body("errors[1].message", equalTo("steps is required"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\",\"steps\":null}")
                .put("/api/v1/playbooks/onboard").then().statusCode(422)
                .body("errors.field", equalTo(List.of("steps")));
        // a name or a step's title of invisible characters alone (a word joiner, a zero-width space) is none
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"\\u2060\",\"trigger\":\"manual\","
                        + "\"steps\":[{\"title\":\"\\u200b\",\"dueInDays\":1}]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(422)
                .body("errors.field", equalTo(List.of("name", "steps[0].title")));
        // a step of a hundred thousand unknown fields: fifty named, the rest counted (one error each was built)
        StringBuilder step = new StringBuilder("{\"name\":\"x\",\"trigger\":\"manual\",\"steps\":[{\"title\":\"a\","
                + "\"dueInDays\":1");
        for (int i = 0; i < 100_000; i++) {
            step.append(",\"f").append(i).append("\":0");
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(step.append("}]}").toString())
                .put("/api/v1/playbooks/onboard").then().statusCode(422).body("errors", hasSize(51))
                .body("errors[50].message", equalTo("and 99950 more problems"));

        given().auth().oauth2(admin).get("/api/v1/playbooks/onboard").then().statusCode(404);
        given().auth().oauth2(admin).get("/api/v1/playbooks/onboard/outcomes").then().statusCode(404);
        assertEquals(0, data.count(a, "playbook"));
        assertEquals("0", data.single(a, "select count(*) from audit_event"));

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\","
                        + "\"steps\":[{\"title\":\"Kick-off\",\"dueInDays\":0},"
                        + "{\"title\":\"First value review\",\"dueInDays\":30}]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(200).body("enabled", equalTo(true));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        given().auth().oauth2(csm).post("/api/v1/accounts/ACC-A1/playbooks/onboard").then().statusCode(201)
                .body("tasks.title", equalTo(List.of("Kick-off", "First value review")))
                .body("tasks.dueDate", equalTo(List.of(today.toString(), today.plusDays(30).toString())))
                .body("tasks.playbook", everyItem(equalTo("onboard")));
        given().auth().oauth2(csm).post("/api/v1/accounts/ACC-B1/playbooks/onboard").then().statusCode(404);
        given().auth().oauth2(csm).post("/api/v1/accounts/ACC-A1/playbooks/nope").then().statusCode(404);
        given().auth().oauth2(FakeKeycloak.accessToken("eve", a, "executive"))
                .post("/api/v1/accounts/ACC-A1/playbooks/onboard").then().statusCode(403);
        given().auth().oauth2(FakeKeycloak.accessToken("gus", b, "admin")).get("/api/v1/playbooks").then()
                .body("$", hasSize(0));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Onboard\",\"trigger\":\"manual\",\"enabled\":false,"
                        + "\"steps\":[{\"title\":\"Kick-off\",\"dueInDays\":0}]}")
                .put("/api/v1/playbooks/onboard").then().statusCode(200);
        // a CSM cannot enable it: the refusal says who can
        given().auth().oauth2(csm).post("/api/v1/accounts/ACC-A1/playbooks/onboard").then().statusCode(422)
                .body("errors[0].message", equalTo("The playbook \"Onboard\" is disabled; an admin can enable it on"
                        + " its page. Nothing was changed."));
        assertEquals(2, data.count(a, "task"));
        assertEquals(0, data.count(b, "task"));
        // created, run by hand, changed
        assertEquals("3", data.single(a, "select count(*) from audit_event where kind = 'playbook'"));

        // names and step titles are counted in characters: 200 emoji are 200, not 400
        String party = "🎉".repeat(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"" + party + "\",\"trigger\":\"manual\",\"steps\":[{\"title\":\"" + party
                        + "🎉\",\"dueInDays\":0}]}")
                .put("/api/v1/playbooks/party").then().statusCode(422)
                .body("errors.field", equalTo(List.of("steps[0].title")))
                .body("errors[0].message", equalTo("steps[0].title is at most 200 characters"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"" + party + "\",\"trigger\":\"manual\",\"steps\":[{\"title\":\"" + party
                        + "\",\"dueInDays\":0}]}")
                .put("/api/v1/playbooks/party").then().statusCode(200).body("steps[0].title", equalTo(party));
        // half an emoji would be stored as "?" and copied into every task the playbook creates: refused
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Half \\ud83c\",\"trigger\":\"manual\",\"steps\":[{\"title\":\"Call \\ud83d\","
                        + "\"dueInDays\":0}]}")
                .put("/api/v1/playbooks/half").then().statusCode(422)
                .body("errors.field", equalTo(List.of("name", "steps[0].title")));
    }

    @Test
    void twoAdminsCreatingOnePlaybookAtOnceTakeTurns() throws Exception {
        String tenant = tenants.create("plays-race");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        List<CompletableFuture<Integer>> saves = new ArrayList<>();
        // both saves line up behind a hold on the key, then go at once
        try (Connection hold = DriverManager.getConnection(DatabaseBootstrap.jdbcUrl(), "postgres", "")) {
            hold.setAutoCommit(false);
            try (PreparedStatement lock = hold.prepareStatement(
                    "select pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
                lock.setString(1, tenant);
                lock.setString(2, "bellwether.playbook:" + tenant + ":win-back");
                lock.execute();
            }
            for (String name : List.of("Win back one", "Win back two")) {
                saves.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(admin)
                        .contentType(ContentType.JSON).body(SAVE_AT_RISK.replace("Save an at-risk account", name))
                        .put("/api/v1/playbooks/win-back").then().extract().statusCode()));
            }
            Thread.sleep(700);
            assertTrue(saves.stream().noneMatch(CompletableFuture::isDone), "both wait for the key");
            hold.commit();
        }
        for (CompletableFuture<Integer> save : saves) {
            assertEquals(200, save.get(30, TimeUnit.SECONDS), "no save collides with the other's new row");
        }
        assertEquals("1", data.single(tenant, "select count(*) from playbook where key = 'win-back'"));
        assertEquals("Playbook created: |Playbook changed: ", data.single(tenant,
                "select string_agg(left(summary, 18), '|' order by id) from audit_event where kind = 'playbook'"));
    }
}
