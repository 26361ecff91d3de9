package dev.bellwether.alerts;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.SnapshotRowHold;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Alerts: raised by the recalculation, worked by CSMs, resolved when their condition clears. */
@QuarkusTest
class AlertsApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    AlertBook alertBook;

    @Inject
    dev.bellwether.platform.sql.Database database;

    @Test
    void csmAcknowledgesSnoozesAndResolvesAndResolvedAlertsStayResolvedWhileTheConditionHolds() {
        String tenant = tenants.create("alerts");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String executive = FakeKeycloak.accessToken("eve", tenant, "executive");
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(executive).get("/api/v1/alerts").then().statusCode(200).body("$", hasSize(33));
        var raised = given().auth().oauth2(csm).get("/api/v1/alerts?rule=at-risk&account=ACC-00019").then()
                .body("$", hasSize(1)).body("[0].status", equalTo("open")).extract();
        int id = raised.path("[0].id");
        String why = raised.path("[0].detail");

        given().auth().oauth2(executive).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/alerts/" + id + "/acknowledge")
                .then().statusCode(403);
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"note\":\"Calling them today\"}")
                .post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged")).body("note", equalTo("Calling them today"));
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"until\":\"" + LocalDate.now().minusDays(1) + "\"}")
                .post("/api/v1/alerts/" + id + "/snooze").then().statusCode(400);
        // a note of a no-break and a zero-width space is no note: the last one a person left stays (it was replaced)
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"until\":\"" + LocalDate.now().plusDays(7) + "\",\"note\":\"\\u00a0\\u200b\"}")
                .post("/api/v1/alerts/" + id + "/snooze").then().statusCode(200)
                .body("status", equalTo("snoozed"))
                .body("snoozedUntil", equalTo(LocalDate.now().plusDays(7).toString()))
                .body("note", equalTo("Calling them today"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"note\":\"Exec sponsor engaged\"}")
                .post("/api/v1/alerts/" + id + "/resolve").then().statusCode(200).body("status", equalTo("resolved"));
        given().auth().oauth2(csm).get("/api/v1/alerts").then().body("$", hasSize(32)).body("id", not(hasItem(id)));
        // each action is in the audit log, as a bulk one is: who, on which account, and what changed
        String until = LocalDate.now().plusDays(7).toString();
        assertEquals("cam|ACC-00019|Acknowledged at-risk|status: open → acknowledged; note: — → Calling them today\n"
                + "cam|ACC-00019|Snoozed at-risk until " + until + "|status: acknowledged → snoozed; snoozed until:"
                + " none → " + until + "\n"
                + "cam|ACC-00019|Resolved at-risk|status: snoozed → resolved; snoozed until: " + until + " → none;"
                + " note: — → Exec sponsor engaged",
                data.single(tenant, "select string_agg(actor || '|' || subject || '|' || summary || '|' || (select"
                        + " string_agg((c->>'field') || ': ' || coalesce(c->>'before', '—') || ' → ' || (c->>'after'),"
                        + " '; ' order by n) from jsonb_array_elements(changes) with ordinality as x(c, n)),"
                        + " E'\\n' order by id) from audit_event where kind = 'alert'"));
        // the account's timeline tells each step with what was said then (each showed the latest note)
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00019/timeline?kind=alert").then().statusCode(200)
                .body("find { it.title == 'Alert opened: At risk' }.detail", equalTo(why))
                .body("find { it.title == 'Alert acknowledged: At risk' }.detail", equalTo("Calling them today"))
                .body("find { it.title == 'Alert resolved: At risk' }.detail", equalTo("Exec sponsor engaged"));

        // recalculated again: the condition still holds, but a person resolved it: not raised again (the same
        // data uploaded again writes nothing and recalculates nothing, so the recalculation is asked for here);
        // nor are the words it was resolved on rewritten with the day's (a no-contact count went on rising)
        data.single(tenant, "update alert set detail = 'As it read when resolved' where id = " + id + " returning 1");
        recalculations.request(tenant);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(csm).get("/api/v1/alerts").then().body("$", hasSize(32));
        given().auth().oauth2(csm).get("/api/v1/alerts?status=resolved&account=ACC-00019&rule=at-risk").then()
                .body("find { it.id == " + id + " }.detail", equalTo("As it read when resolved"));
    }

    /**
     * An alert is acknowledged once: a snooze acknowledges it, and a later "Acknowledge" (another person's, with
     * no note) does not rewrite who did it, when and what they said. An unknown id is a 404 whatever the body.
     */
    @Test
    void theFirstAcknowledgementKeepsItsAuthorAndNoteAndAnUnknownIdIsNotFoundBeforeTheBodyIsRead() {
        String tenant = tenants.create("alerts-ack");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        int id = given().auth().oauth2(csm).get("/api/v1/alerts?rule=at-risk&account=ACC-00019").then()
                .body("$", hasSize(1)).extract().path("[0].id");
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"until\":\"" + LocalDate.now().plusDays(7) + "\",\"note\":\"Budget freeze until March\"}")
                .post("/api/v1/alerts/" + id + "/snooze").then().statusCode(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged")).body("note", equalTo("Budget freeze until March"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"note\":\"Seen\"}")
                .post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(200).body("note", equalTo("Seen"));
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00019/timeline?kind=alert").then().statusCode(200)
                .body("findAll { it.title == 'Alert acknowledged: At risk' }.size()", equalTo(1))
                .body("find { it.title == 'Alert acknowledged: At risk' }.detail", equalTo("Budget freeze until March"))
                // by their name, as a note's author is (the login name "cam" read as another person)
                .body("find { it.title == 'Alert acknowledged: At risk' }.by", equalTo("cam Test"));

        int unknown = id + 100_000;
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/alerts/" + unknown + "/snooze").then().statusCode(404);
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"note\":\"" + "x".repeat(2001) + "\"}")
                .post("/api/v1/alerts/" + unknown + "/resolve").then().statusCode(404);
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/alerts/" + id + "/snooze").then().statusCode(400);
        // half an emoji would be stored as "?"
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"note\":\"ok \\ud83d\"}")
                .post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("lone UTF-16 surrogate"));
        // a misspelt note would resolve the alert for good without it: refused, naming the field, nothing done
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"notes\":\"Renewed for 3 years\"}")
                .post("/api/v1/alerts/" + id + "/resolve").then().statusCode(400)
                .body("message", equalTo("notes is not a field here (expected note, until)"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"note\":5}")
                .post("/api/v1/alerts/" + id + "/resolve").then().statusCode(400)
                .body("message", equalTo("note must be text"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("[\"Renewed\"]")
                .post("/api/v1/alerts/" + id + "/resolve").then().statusCode(400)
                .body("message", equalTo("The body must be a JSON object: {note, until}"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"notes\":\"x\"}")
                .post("/api/v1/alerts/" + unknown + "/resolve").then().statusCode(404);
        given().auth().oauth2(csm).get("/api/v1/alerts").then().body("find { it.id == " + id + " }.status",
                equalTo("acknowledged"));
    }

    @Test
    void aRecalculationRewritesOnlyTheAlertsWhoseWordingChanged() {
        String tenant = tenants.create("alerts");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        String stale = data.single(tenant, "select min(id) from alert where status = 'open'");
        String worded = data.single(tenant, "select detail from alert where id = " + stale);
        assertEquals("1", data.single(tenant, "with u as (update alert set detail = 'stale' where id = " + stale
                + " returning id) select count(*) from u"));
        String others = "select count(*) || ' ' || string_agg(id || ':' || xmin || ':' || detail, ',' order by id)"
                + " from alert where id <> " + stale;
        String untouched = data.single(tenant, others);
        String staleVersion = data.single(tenant, "select xmin from alert where id = " + stale);

        recalculations.request(tenant);
        recalculations.awaitIdle(tenant);

        assertEquals(worded, data.single(tenant, "select detail from alert where id = " + stale), "worded again");
        assertNotEquals(staleVersion, data.single(tenant, "select xmin from alert where id = " + stale));
        assertEquals(untouched, data.single(tenant, others), "the 32 others: the same row versions, not rewritten");
        assertTrue(untouched.startsWith("32 "), untouched);
    }

    @Test
    void alertsWhoseConditionClearsAreResolvedByTheRecalculation() {
        String tenant = tenants.create("alerts");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(admin).get("/api/v1/alerts?rule=detractor").then().body("$", hasSize(5));

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"detractor\",\"enabled\":true,\"threshold\":2}]}")
                .put("/api/v1/health-model").then().statusCode(200);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(admin).get("/api/v1/alerts?rule=detractor").then().body("$", hasSize(0));
        given().auth().oauth2(admin).get("/api/v1/alerts?rule=detractor&status=resolved").then().body("$", hasSize(5))
                .body("[0].status", equalTo("resolved"));
        given().auth().oauth2(admin).get("/api/v1/alerts?status=closed").then().statusCode(400);
    }

    @Test
    void aRuleSwitchedOffResolvesItsAlertsAsSuchAndSwitchedOnAgainRaisesNoneAPersonResolved() {
        String tenant = tenants.create("alerts");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        List<Integer> ids = given().auth().oauth2(admin).get("/api/v1/alerts?rule=no-contact").then().statusCode(200)
                .extract().path("id");
        assertTrue(ids.size() >= 3, "the sample raises no-contact alerts: " + ids);
        int snoozed = ids.get(0);
        int resolved = ids.get(1);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"until\":\"" + LocalDate.now().plusDays(7) + "\"}")
                .post("/api/v1/alerts/" + snoozed + "/snooze").then().statusCode(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"note\":\"Spoke at the conference\"}")
                .post("/api/v1/alerts/" + resolved + "/resolve").then().statusCode(200);

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"no-contact\",\"enabled\":false}]}")
                .put("/api/v1/health-model").then().statusCode(200);
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(admin).get("/api/v1/alerts?rule=no-contact").then().body("$", hasSize(0));
        given().auth().oauth2(admin).get("/api/v1/alerts?rule=no-contact&status=resolved").then()
                .body("$", hasSize(ids.size()))
                .body("find { it.id == " + snoozed + " }.note", equalTo("(The rule was switched off.)"))
                .body("find { it.id == " + resolved + " }.note", equalTo("Spoke at the conference"));

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"no-contact\",\"enabled\":true}]}")
                .put("/api/v1/health-model").then().statusCode(200);
        recalculations.awaitIdle(tenant);
        List<String> open = given().auth().oauth2(admin).get("/api/v1/alerts?rule=no-contact").then()
                .body("$", hasSize(ids.size() - 1)).body("id", not(hasItem(snoozed)))
                .extract().path("accountId");
        String resolvedAccount = given().auth().oauth2(admin).get("/api/v1/alerts?rule=no-contact&status=resolved")
                .then().extract().path("find { it.id == " + resolved + " }.accountId");
        assertFalse(open.contains(resolvedAccount), "the alert a person resolved is not raised again: " + open);
    }

    @Test
    void anAlertActionDuringARecalculationsSaveWaitsForItInsteadOfDeadlocking() throws Exception {
        String tenant = tenants.create("alerts");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        int id = given().auth().oauth2(csm).get("/api/v1/alerts?rule=at-risk&account=ACC-00019").then()
                .body("$", hasSize(1)).extract().path("[0].id");
        // a recalculation's save: the tenant's snapshot row first, then the alerts (AlertSync)
        try (SnapshotRowHold save = SnapshotRowHold.of(tenant);
                Connection watch = DatabaseBootstrap.superuserConnection()) {
            CompletableFuture<Integer> action = CompletableFuture.supplyAsync(() -> given().auth().oauth2(csm)
                    .contentType(ContentType.JSON).body("{}").post("/api/v1/alerts/" + id + "/acknowledge")
                    .statusCode());
            awaitWaitingOnALock(watch, action);
            save.execute("update alert set detail = detail || ' (worded again)' where tenant_id = '" + tenant
                    + "' and id = " + id);
            save.commit();
            assertEquals(200, action.get(30, TimeUnit.SECONDS));
        }
        given().auth().oauth2(csm).get("/api/v1/alerts?rule=at-risk&account=ACC-00019").then()
                .body("[0].status", equalTo("acknowledged")).body("[0].detail", endsWith("(worded again)"));
    }

    /** Until a statement of the app's on {@code alert} or {@code tenant_snapshot} waits for a row lock. */
    private static void awaitWaitingOnALock(Connection watch, CompletableFuture<?> action) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (Statement statement = watch.createStatement();
                    ResultSet waiting = statement.executeQuery("select count(*) from pg_stat_activity"
                            + " where wait_event_type = 'Lock' and datname = current_database()"
                            + " and (query like '%tenant_snapshot%' or query like '%alert%')")) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            assertFalse(action.isDone(), "the action did not wait for the save");
            Thread.sleep(50);
        }
        throw new AssertionError("the action never waited for a lock");
    }

    @Test
    void aSnoozeLapsesAfterItsUtcDayWhateverTheDatabaseSessionsTimeZone() {
        String tenant = tenants.create("alerts-zone");
        tenants.addAccount(tenant, "ACC-1", "One");
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        // a session zone whose date is not UTC's: 14 hours ahead after noon UTC, 12 behind before it
        boolean afternoon = now.getHour() >= 12;
        String zone = afternoon ? "Pacific/Kiritimati" : "Etc/GMT+12";
        LocalDate today = now.toLocalDate();
        // snoozed until today it still is; snoozed until yesterday it reads open again
        LocalDate until = afternoon ? today : today.minusDays(1);
        data.single(tenant, "with x as (insert into alert (tenant_id, id, account_id, rule, detail, opened_month,"
                + " status, snoozed_until) select tenant_id, 1, account_id, 'at-risk', 'Added by the test',"
                + " date '2026-11-01', 'snoozed', date '" + until + "' from account returning 1)"
                + " select count(*) from x");
        List<String> seen = dev.bellwether.tenant.TenantContext.call(tenant, () -> io.quarkus.narayana.jta
                .QuarkusTransaction.requiringNew().call(() -> {
                    database.update("set local timezone = '" + zone + "'");
                    assertEquals("true", database.one("select (current_date <> (now() at time zone 'UTC')::date)::text"
                            + " as differs", row -> row.string("differs")), "the session's date is not UTC's");
                    List<String> statuses = new java.util.ArrayList<>();
                    alertBook.list(new AlertBook.Filter("all", null, null, null))
                            .forEach(alert -> statuses.add(alert.status().word()));
                    alertBook.openOf(AccountCriteria.all(), List.of("at-risk"), 10)
                            .forEach(alert -> statuses.add(alert.status().word()));
                    return statuses;
                }));
        String expected = afternoon ? "snoozed" : "open";
        assertEquals(List.of(expected, expected), seen);
    }

    @Test
    void alertNotesAreCountedInCharactersUnknownRulesAreNamedAndResolvingEndsTheSnooze() {
        String tenant = tenants.create("alerts-words");
        tenants.addAccount(tenant, "ACC-1", "One");
        data.single(tenant, "with x as (insert into alert (tenant_id, id, account_id, rule, detail, opened_month)"
                + " select tenant_id, 1, account_id, 'at-risk', 'Added by the test', date '2026-11-01' from account"
                + " returning 1) select count(*) from x");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String note = "😀".repeat(2000);
        LocalDate until = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(7);
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"until\":\"" + until + "\",\"note\":\"" + note + "  \"}")
                .post("/api/v1/alerts/1/snooze").then().statusCode(200).body("status", equalTo("snoozed"))
                .body("note", equalTo(note)).body("snoozedUntil", equalTo(until.toString()));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"note\":\"" + note + "😀\"}")
                .post("/api/v1/alerts/1/acknowledge").then().statusCode(400);
        given().auth().oauth2(csm).get("/api/v1/alerts?rule=at_risk").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("rule must be one of at-risk, health-drop"));
        given().auth().oauth2(csm).get("/api/v1/alerts?rule=at-risk").then().statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/alerts/1/resolve").then().statusCode(200).body("status", equalTo("resolved"))
                .body("snoozedUntil", org.hamcrest.Matchers.nullValue());
        assertEquals("resolved/", data.single(tenant, "select status || '/' || coalesce(snoozed_until::text, '')"
                + " from alert"));
    }

    /** A lapsed snooze reads open without its old date; an empty account filter filters nothing. */
    @Test
    void aLapsedSnoozeShowsNoDateAndAnEmptyAccountIsNoFilter() {
        String tenant = tenants.create("alerts-lapsed");
        tenants.addAccount(tenant, "ACC-1", "One");
        data.single(tenant, "with x as (insert into alert (tenant_id, id, account_id, rule, detail, opened_month,"
                + " status, snoozed_until) select tenant_id, 1, account_id, 'at-risk', 'Added by the test',"
                + " date '2026-11-01', 'snoozed', current_date - 2 from account returning 1) select count(*) from x");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(csm).get("/api/v1/alerts?status=open&account=&rule=").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].status", equalTo("open"))
                .body("[0].snoozedUntil", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(csm).get("/api/v1/alerts?account=ACC-2").then().statusCode(200).body("$", hasSize(0));
    }
}
