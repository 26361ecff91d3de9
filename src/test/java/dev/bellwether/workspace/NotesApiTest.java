package dev.bellwether.workspace;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.FiredRecalculations;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;

/** Notes and logged activities count like imported ones, imports never remove them, bad input writes nothing. */
@QuarkusTest
class NotesApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    FiredRecalculations fired;

    @Test
    void aLoggedCallAndQbrCountInDaysSinceContactContactRateAndOverdueQbrsAndSurviveImports() {
        String tenant = tenants.create("notes");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        // expected.json: last contact 2026-09-10, 51 days before D = 2026-10-31; 40 of 53 contacted; 8 QBRs overdue
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00002").then().body("measures.daysSinceContact",
                equalTo(51.0f));

        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2026-10-21\",\"body\":\"Renewal <b>call</b>\","
                        + "\"attendees\":\"Dana (VP Ops)\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(201)
                .body("accountId", equalTo("ACC-00002")).body("type", equalTo("call"))
                .body("occurredAt", equalTo("2026-10-21")).body("body", equalTo("Renewal <b>call</b>"))
                .body("author", equalTo("cam@" + tenant + ".example"));
        // ACC-00007 (Mid-Market) had no QBR in the 90 days before D
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"QBR\",\"occurredAt\":\"2026-10-15\",\"body\":\"\"}")
                .post("/api/v1/accounts/ACC-00007/notes").then().statusCode(201).body("type", equalTo("QBR"));
        assertEquals("activity", data.single(tenant, "select reason from recalculation order by id desc limit 1"));
        // narrowed to what the QBR touches: its account, from its month on
        assertEquals(Optional.of(YearMonth.of(2026, 10)), fired.latest(tenant).changedFrom());
        assertEquals(Optional.of(Set.of("ACC-00007")), fired.latest(tenant).changedAccounts());
        recalculations.awaitIdle(tenant);

        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00002").then().body("measures.daysSinceContact",
                equalTo(10.0f));
        var metrics = given().auth().oauth2(csm).get("/api/v1/metrics?month=2026-10").then().statusCode(200)
                .extract().jsonPath().using(JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE));
        assertEquals(41 * 100.0 / 53, metrics.getDouble("contactRate"), 1e-9);
        assertEquals(7, metrics.getInt("overdueQbrs"));

        // the same activities imported again: they upsert their own rows and leave the logged ones alone
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        assertEquals(2, data.count(tenant, "account_note"));
        given().auth().oauth2(csm).get("/api/v1/accounts/ACC-00002").then().body("measures.daysSinceContact",
                equalTo(10.0f));
        assertEquals(7, given().auth().oauth2(csm).get("/api/v1/metrics?month=2026-10").then().extract().jsonPath()
                .getInt("overdueQbrs"));

        // a plain note is not an activity: no recalculation
        long requests = data.count(tenant, "recalculation");
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"note\",\"body\":\"Champion left\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(201).body("type", equalTo("note"));
        assertEquals(requests, data.count(tenant, "recalculation"));
        // a note of a no-break space alone has no text either (it was kept, an empty note on the timeline)
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"note\",\"body\":\"\\u00a0\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(422)
                .body("errors.message", hasItem("A note needs some text"));
        given().auth().oauth2(admin).get("/api/v1/accounts/ACC-00002/timeline?kind=note,activity&limit=3").then()
                .statusCode(200).body("kind", equalTo(java.util.List.of("note", "activity", "activity")))
                .body("title", hasItem("Call with Dana (VP Ops)"));
        assertEquals("3", data.single(tenant, "select count(*) from audit_event where kind = 'note'"));
        // attendees that are only a no-break space are nobody (the entry read "Call with " and a blank)
        String blankAttendees = given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2026-10-15\",\"attendees\":\"\\u00a0\\u200b\"}")
                .post("/api/v1/accounts/ACC-00007/notes").then().statusCode(201).extract().path("id").toString();
        assertEquals(null, data.single(tenant, "select attendees from account_note where id = '" + blankAttendees
                + "'"));
    }

    @Test
    void anAccountIdWithSpacesAndSignsTakesANoteAndAnswersItsAddressEncoded() {
        String tenant = tenants.create("notes-odd-id");
        tenants.addAccount(tenant, "Acme Corp | 50%", "Acme");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"call\",\"body\":\"hi\"}")
                .post("/api/v1/accounts/{id}/notes", "Acme Corp | 50%").then().statusCode(201)
                .header("Location", endsWith("/api/v1/accounts/Acme%20Corp%20%7C%2050%25/timeline"))
                .body("type", equalTo("call"));
        assertEquals(1, data.count(tenant, "account_note"));
        given().auth().oauth2(csm).get("/api/v1/accounts/{id}/timeline", "Acme Corp | 50%").then().statusCode(200)
                .body("[0].kind", equalTo("activity"));
    }

    /** A browser sends each line break as CR LF but counts it once against the form's 20,000: so does the server. */
    @Test
    void aLineBreakIsOneCharacterAsTheFormCountsIt() {
        String tenant = tenants.create("notes-lines");
        tenants.addAccount(tenant, "ACC-L1", "Lines");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String half = "x".repeat(9_500);
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"note\",\"body\":\"" + half + "\\r\\n".repeat(1_000) + half + "\"}")
                .post("/api/v1/accounts/ACC-L1/notes").then().statusCode(201)
                .body("body", equalTo(half + "\n".repeat(1_000) + half));
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"note\",\"body\":\"" + half + "\\r\\n".repeat(1_001) + half + "\"}")
                .post("/api/v1/accounts/ACC-L1/notes").then().statusCode(422)
                .body("errors[0].message", equalTo("body is at most 20,000 characters (it has 20,001)"));
    }

    /** Today at UTC+14, unless that is next month in UTC (then today in UTC). */
    private static java.time.LocalDate latestNoteDate() {
        java.time.LocalDate utc = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        java.time.LocalDate first = java.time.LocalDate.now(java.time.ZoneOffset.ofHours(14));
        return YearMonth.from(first).equals(YearMonth.from(utc)) ? first : utc;
    }

    /** A call logged on Kiritimati (UTC+14) is dated its own day, which may still be yesterday in UTC. */
    @Test
    void aNoteMayCarryTodayWhereverItsAuthorIs() {
        String tenant = tenants.create("notes-east");
        tenants.addAccount(tenant, "ACC-E1", "East");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        String kiritimati = latestNoteDate().toString();
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"" + kiritimati + "\",\"body\":\"Kiritimati\"}")
                .post("/api/v1/accounts/ACC-E1/notes").then().statusCode(201).body("occurredAt", equalTo(kiritimati));
        assertEquals(kiritimati, data.single(tenant, "select occurred_at from account_note"));
    }

    @Test
    void badNotesAreRefusedWithTheFieldAndNothingIsWritten() {
        String a = tenants.create("notes-a");
        String b = tenants.create("notes-b");
        tenants.addAccount(a, "ACC-A1", "Alpha");
        tenants.addAccount(b, "ACC-B1", "Bravo");
        String csm = FakeKeycloak.accessToken("cam", a, "csm");
        String megabyte = "x".repeat(1024 * 1024);
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"note\",\"body\":\"" + megabyte + "\"}")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("body is at most 20,000 characters (it has 1,048,576)"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"sms\",\"body\":\"hi\"}")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422).body("errors[0].field", equalTo("type"));
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2999-01-01\"}")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422)
                .body("errors[0].field", equalTo("occurredAt"));
        // today where it is latest on Earth (UTC+14) is taken, no later
        java.time.LocalDate latest = latestNoteDate();
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"" + latest.plusDays(1) + "\"}")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422)
                .body("errors[0].field", equalTo("occurredAt"))
                .body("errors[0].message", containsString(" and " + latest));
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"yesterday\"}")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422)
                .body("errors[0].field", equalTo("occurredAt"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"note\",\"body\":\"x\",\"colour\":1}")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422)
                .body("errors[0].field", equalTo("colour"));
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"note\"")
                .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(400);
        // U+0000 in a string of the tree the resource reads (PostgreSQL cannot store it): 400, never a 500
        for (String nul : List.of("{\"type\":\"call\",\"body\":\"x\\u0000\"}",
                "{\"type\":\"call\",\"attendees\":\"a\\u0000\"}",
                "{\"type\":\"call\",\"body\":\"x\",\"k\\u0000\":1}")) {
            given().auth().oauth2(csm).contentType(ContentType.JSON).body(nul).post("/api/v1/accounts/ACC-A1/notes")
                    .then().statusCode(400)
                    .body("message", equalTo("U+0000 (a NUL character) is not allowed in any value."));
        }
        // half an emoji (a lone surrogate) would be stored as "?", not what was sent: refused, naming the field
        for (String field : List.of("body", "attendees")) {
            given().auth().oauth2(csm).contentType(ContentType.JSON)
                    .body("{\"type\":\"call\",\"" + field + "\":\"ok \\ud83d\"}")
                    .post("/api/v1/accounts/ACC-A1/notes").then().statusCode(422)
                    .body("errors[0].field", equalTo(field))
                    .body("errors[0].message", containsString("holds a lone UTF-16 surrogate"));
        }
        String otherTenants = given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"note\",\"body\":\"x\"}").post("/api/v1/accounts/ACC-B1/notes").then()
                .statusCode(404).extract().asString();
        String missing = given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"note\",\"body\":\"x\"}").post("/api/v1/accounts/ACC-NOPE/notes").then()
                .statusCode(404).extract().asString();
        assertEquals(missing.replace("ACC-NOPE", "ACC-B1"), otherTenants);
        given().auth().oauth2(FakeKeycloak.accessToken("eve", a, "executive")).contentType(ContentType.JSON)
                .body("{\"type\":\"note\",\"body\":\"x\"}").post("/api/v1/accounts/ACC-A1/notes").then()
                .statusCode(403);
        assertEquals(0, data.count(a, "account_note"));
        assertEquals(0, data.count(b, "account_note"));
        assertEquals("0", data.single(a, "select count(*) from audit_event"));
        assertEquals(0, data.count(a, "recalculation"));
    }
}
