package dev.bellwether.workspace;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/** The account timeline: every kind merged newest first, filtered by kind, paged; another tenant's account is 404. */
@QuarkusTest
class TimelineApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    dev.bellwether.testing.TenantData data;

    @Test
    void theSamplesAccountReadsNewestFirstByKindAndPage() {
        String tenant = tenants.create("timeline");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        String executive = FakeKeycloak.accessToken("eve", tenant, "executive");
        String url = "/api/v1/accounts/ACC-00002/timeline?kind=ticket,survey&kind=activity&kind=mrr&limit=5";
        given().auth().oauth2(executive).get(url).then().statusCode(200)
                .body("title", equalTo(List.of("CSAT 5", "Ticket T-0000016 resolved", "Ticket T-0000016 opened",
                        "Ticket T-0000015 resolved", "Ticket T-0000015 opened")))
                .body("kind", equalTo(List.of("survey", "ticket", "ticket", "ticket", "ticket")))
                .body("[1].at", equalTo("2026-10-10T17:42:12Z")).body("[1].detail", equalTo(null))
                .body("[3].detail", equalTo("Priority high"))
                .body("[0].keySet()", equalTo(java.util.Set.of("at", "kind", "title", "detail", "by")));
        given().auth().oauth2(executive).get(url + "&page=2").then().statusCode(200)
                .body("title", equalTo(List.of("Email (imported)", "CES 7", "CSAT 4", "Ticket T-0000014 resolved",
                        "Ticket T-0000014 opened")))
                .body("[0].by", equalTo("yuki.tanaka@bellwether.example"));
        given().auth().oauth2(executive).get(url + "&page=3").then().statusCode(200).body("$", hasSize(4))
                .body("[3].kind", equalTo("mrr")).body("[3].title", equalTo("New customer"))
                .body("[3].detail", equalTo("0.00 → 322.50 USD (+322.50)"))
                .body("[3].at", equalTo("2026-07-01T00:00:00Z"));
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-00002/timeline").then().statusCode(200)
                .body("$", hasSize(org.hamcrest.Matchers.greaterThanOrEqualTo(14)));
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-00002/timeline?kind=gossip").then()
                .statusCode(422).body("errors[0].field", equalTo("kind"));
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-00002/timeline?limit=0").then()
                .statusCode(422).body("errors[0].field", equalTo("limit"));
        // the timeline reaches back 10,000 entries: deeper pages are refused, not read
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-00002/timeline?limit=200&page=50").then()
                .statusCode(200);
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-00002/timeline?limit=200&page=51").then()
                .statusCode(422).body("errors[0].field", equalTo("page"))
                .body("errors[0].message", equalTo("page × limit may be at most 10000: the timeline goes back"
                        + " 10000 entries (page 50 at this limit)"));
        String other = tenants.create("timeline-other");
        given().auth().oauth2(FakeKeycloak.accessToken("gia", other, "csm")).get("/api/v1/accounts/ACC-00002/timeline")
                .then().statusCode(404);
    }

    @Test
    void entriesOfOneInstantKeepTheirOrderFromPageToPage() {
        String tenant = tenants.create("timeline-ties");
        tenants.addAccount(tenant, "ACC-1", "One");
        // twenty tasks created at one instant, as a playbook run creates its steps
        data.single(tenant, "with t as (insert into task (tenant_id, id, account_id, title, due_date, step, created_at,"
                + " created_by) select '" + tenant + "', gen_random_uuid(), 'ACC-1', 'S' || i, date '2026-12-01', i,"
                + " timestamptz '2026-11-30 09:00:00Z', 'ada' from generate_series(1, 20) i returning 1)"
                + " select count(*) from t");
        String executive = FakeKeycloak.accessToken("eve", tenant, "executive");
        List<String> titles = new java.util.ArrayList<>();
        for (int page = 1; page <= 4; page++) {
            titles.addAll(given().auth().oauth2(executive)
                    .get("/api/v1/accounts/ACC-1/timeline?kind=task&limit=5&page=" + page).then().statusCode(200)
                    .body("$", hasSize(5)).extract().<List<String>>path("title"));
        }
        List<String> expected = new java.util.ArrayList<>();
        for (int step = 20; step >= 1; step--) {
            expected.add("Task created: S" + step);
        }
        assertEquals(expected, titles);
        // "ada" is a login name: a member known by it is named as a note's author is, else the login name stays
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-1/timeline?kind=task&limit=1").then()
                .body("[0].by", equalTo("ada"));
        data.single(tenant, "with u as (insert into tenant_user (tenant_id, username, email, name) values ('" + tenant
                + "', 'ada', 'ada@ties.example', 'Ada Lovelace') returning 1) select count(*) from u");
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-1/timeline?kind=task&limit=1").then()
                .body("[0].by", equalTo("Ada Lovelace"));
    }

    /**
     * A call logged on its day is at the moment it was logged wherever its CSM is: in San Francisco at 17:30 on the
     * 5th (01:30 UTC on the 6th), in Sydney at 09:00 on the 6th (22:00 UTC on the 5th). Only a date that was not
     * today anywhere on Earth then is at its midnight (UTC): the Sydney call once sat two hours in the future, the
     * San Francisco one a day early.
     */
    @Test
    void aCallLoggedOnItsDayAnywhereOnEarthIsAtTheMomentItWasLogged() {
        String tenant = tenants.create("timeline-zones");
        tenants.addAccount(tenant, "ACC-1", "One");
        data.single(tenant, "with n as (insert into account_note (tenant_id, id, account_id, type, occurred_at, body,"
                + " author, created_at) values"
                + " ('" + tenant + "', gen_random_uuid(), 'ACC-1', 'call', date '2026-12-05', 'SF', 'cam',"
                + " timestamptz '2026-12-06 01:30:00Z'),"
                + " ('" + tenant + "', gen_random_uuid(), 'ACC-1', 'call', date '2026-12-06', 'Sydney', 'cam',"
                + " timestamptz '2026-12-05 22:00:00Z'),"
                + " ('" + tenant + "', gen_random_uuid(), 'ACC-1', 'call', date '2026-12-03', 'Late', 'cam',"
                + " timestamptz '2026-12-05 12:00:00Z') returning 1) select count(*) from n");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-1/timeline?kind=activity").then().statusCode(200)
                .body("detail", equalTo(List.of("SF", "Sydney", "Late")))
                .body("at", equalTo(List.of("2026-12-06T01:30:00Z", "2026-12-05T22:00:00Z", "2026-12-03T00:00:00Z")));
    }

    /**
     * A task's entries say what happened when it happened, with the due day and assignee it left: done then
     * reopened keeps "Task done" (it was rebuilt from the task's row as it is now, and vanished), and "created"
     * keeps the day and assignee it was created with. A hand-over is an entry too, by the admin who made it.
     */
    @Test
    void aTasksEntriesAreItsHistoryNotItsRowAsItIsNow() {
        String tenant = tenants.create("timeline-history");
        tenants.addAccount(tenant, "ACC-1", "One");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String id = given().auth().oauth2(csm).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"accountId\":\"ACC-1\",\"title\":\"Call the sponsor\",\"dueDate\":\"" + today.plusDays(3)
                        + "\",\"assigneeEmail\":\"cam@one.example\"}")
                .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
        for (String change : List.of("{\"status\":\"done\"}", "{\"status\":\"open\"}",
                "{\"dueDate\":\"" + today.plusDays(10) + "\",\"assigneeEmail\":\"dee@one.example\"}",
                "{\"assigneeEmail\":\"\"}", "{\"status\":\"open\"}")) { // the last changes nothing: no entry
            given().auth().oauth2(csm).contentType(io.restassured.http.ContentType.JSON).body(change)
                    .patch("/api/v1/tasks/" + id).then().statusCode(200);
        }
        String executive = FakeKeycloak.accessToken("eve", tenant, "executive");
        var entries = given().auth().oauth2(executive).get("/api/v1/accounts/ACC-1/timeline?kind=task").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("Task unassigned: Call the sponsor", "Task reassigned: Call the sponsor",
                "Task rescheduled: Call the sponsor", "Task reopened: Call the sponsor", "Task done: Call the sponsor",
                "Task created: Call the sponsor"), entries.getList("title"));
        // one change of both the day and the assignee is two entries, each saying what the change left
        assertEquals(List.of("Due " + today.plusDays(10), "Due " + today.plusDays(10) + ", assigned to dee@one.example",
                "Due " + today.plusDays(10) + ", assigned to dee@one.example", "Due " + today.plusDays(3)
                        + ", assigned to cam@one.example", "Due " + today.plusDays(3) + ", assigned to cam@one.example",
                "Due " + today.plusDays(3) + ", assigned to cam@one.example"), entries.getList("detail"));
        assertEquals(java.util.Collections.nCopies(6, "cam Test"), entries.getList("by"), "the member by name");
        // an update that names no one (none does in the app) is dated by the database, by nobody
        data.single(tenant, "with x as (update task set title = 'Call the sponsor', due_date = due_date + 1"
                + " returning 1) select count(*) from x");
        given().auth().oauth2(executive).get("/api/v1/accounts/ACC-1/timeline?kind=task&limit=1").then()
                .body("[0].title", equalTo("Task rescheduled: Call the sponsor"))
                .body("[0].detail", equalTo("Due " + today.plusDays(11))).body("[0].by", org.hamcrest.Matchers
                        .nullValue());
    }
}
