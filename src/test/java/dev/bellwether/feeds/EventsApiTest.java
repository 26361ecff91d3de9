package dev.bellwether.feeds;

import static dev.bellwether.testing.Polling.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bellwether.account.AccountRecords;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Data feeds: ingest keys (admins), and POST /api/v1/events with a key, staged then applied by the
 * coalescing job (every second in tests) into product_usage and account.
 */
@QuarkusTest
class EventsApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    FeedCoalescer coalescer;

    @Inject
    TenantData data;

    @Inject
    dev.bellwether.testing.Recalculations recalculations;

    @Inject
    AccountRecords records;

    /** The tables of V19, named so that one dropped from row-level security or renamed fails here. */
    static final List<String> FEEDS_TABLES = List.of("feed_event", "feed_state", "ingest_key");

    @Test
    void theFeedsTablesAreTenantTablesWithForcedRowLevelSecurity() throws SQLException {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement tables = connection.prepareStatement("""
                        select c.relname from pg_class c
                        where c.relnamespace = 'public'::regnamespace and c.relname = any(?)
                          and c.relrowsecurity and c.relforcerowsecurity
                          and exists (select 1 from pg_policy p where p.polrelid = c.oid)
                          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
                        order by 1""")) {
            tables.setArray(1, connection.createArrayOf("text", FEEDS_TABLES.toArray()));
            List<String> protectedTables = new ArrayList<>();
            try (ResultSet rows = tables.executeQuery()) {
                while (rows.next()) {
                    protectedTables.add(rows.getString(1));
                }
            }
            assertEquals(FEEDS_TABLES, protectedTables);
        }
    }

    /** Two revocations of one key at once (a double click): one revokes it, the other finds it revoked. */
    @Test
    void twoRevocationsAtOnceRevokeOnceAndAnswerOneTime() throws Exception {
        String tenant = tenants.create("keys-twice");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(201).extract().path("id");
        List<java.util.concurrent.CompletableFuture<String>> revocations = new java.util.ArrayList<>();
        try (Connection other = DatabaseBootstrap.superuserConnection(); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("select id from ingest_key where id = '" + id + "' for update");
            for (int i = 0; i < 2; i++) {
                revocations.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(admin)
                        .delete("/api/v1/admin/ingest-keys/" + id).then().statusCode(200).extract()
                        .path("revokedAt")));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (rowWaits(st) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, rowWaits(st), "both revocations wait for the key");
            other.commit();
        }
        String first = revocations.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(first, revocations.get(1).get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("1", data.single(tenant, "select count(*) from audit_event where summary like 'Revoked%'"));
    }

    private static long rowWaits(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("select count(distinct pid) from pg_locks where not granted"
                + " and locktype in ('transactionid', 'tuple') and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anAdminCreatesAKeyWhoseSecretIsShownOnceListsAndRevokesIt() {
        String tenant = tenants.create("keys");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        Response created = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\" Segment \"}")
                .post("/api/v1/admin/ingest-keys");
        created.then().statusCode(201).body("name", equalTo("Segment")).body("secret", startsWith("bwk_"));
        String secret = created.path("secret");
        String id = created.path("id");
        assertEquals(47, secret.length());
        // its Location answers the key as listed
        given().auth().oauth2(admin).get(java.net.URI.create(created.header("Location")).getPath()).then()
                .statusCode(200).body("id", equalTo(id)).body("name", equalTo("Segment"))
                .body("$", not(hasKey("secret")));
        given().auth().oauth2(admin).get("/api/v1/admin/ingest-keys/" + java.util.UUID.randomUUID()).then()
                .statusCode(404);
        given().auth().oauth2(admin).get("/api/v1/admin/ingest-keys/not-a-key").then().statusCode(404);
        given().auth().oauth2(admin).get("/api/v1/admin/ingest-keys").then().statusCode(200)
                .body("name", contains("Segment")).body("[0]", not(hasKey("secret")))
                .body("[0]", not(hasKey("keyHash"))).body("[0].createdAt", notNullValue())
                .body("[0].lastUsedAt", nullValue()).body("[0].revokedAt", nullValue())
                .body("[0].keySet()", org.hamcrest.Matchers.containsInAnyOrder("id", "name", "createdAt",
                        "createdBy", "lastUsedAt", "revokedAt")); // the contract's fields, no more
        // only the hash is stored
        assertEquals("32", data.single(tenant, "select length(key_hash) from ingest_key"));
        assertEquals("0", data.single(tenant, "select count(*) from ingest_key where position(convert_to('"
                + secret.substring(4, 20) + "', 'UTF8') in key_hash) > 0 or key_hash = convert_to('" + secret
                + "', 'UTF8')"));

        given().auth().oauth2(csm).get("/api/v1/admin/ingest-keys").then().statusCode(403);
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(403);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"  \"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422)
                .body("errors[0].field", equalTo("name")).body("errors[0].message", startsWith("name is required"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"" + "n".repeat(81) + "\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("name is at most 80 characters long"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment \\ud83d\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", startsWith("name holds a lone UTF-16 surrogate"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("[\"Segment\"]")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":42}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("name must be text"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment\",\"nmae\":\"Rudder\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422).body("errors.field", equalTo(List.of("nmae")))
                .body("errors[0].message", equalTo("nmae is not a field here (expected name)"));
        assertEquals("1", data.single(tenant, "select count(*) from ingest_key"));

        send(secret, "{\"type\":\"group\",\"groupId\":\"ACC-K\",\"traits\":{\"name\":\"K\"}}").then().statusCode(200)
                .body("accepted", equalTo(1));
        given().auth().oauth2(admin).get("/api/v1/admin/ingest-keys").then().body("[0].lastUsedAt", notNullValue());

        given().auth().oauth2(admin).delete("/api/v1/admin/ingest-keys/" + id).then().statusCode(200)
                .body("revokedAt", notNullValue());
        send(secret, "{\"type\":\"group\",\"groupId\":\"ACC-K\",\"traits\":{\"name\":\"K\"}}").then().statusCode(401);
        given().auth().oauth2(admin).delete("/api/v1/admin/ingest-keys/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404);
        assertEquals("ingest_key:Created ingest key \"Segment\"|ingest_key:Revoked ingest key \"Segment\"",
                data.single(tenant, "select string_agg(kind || ':' || summary, '|' order by id) from audit_event"));
        // a name's length counts characters, as the database's check does: 80 emoji (160 UTF-16 units) are taken
        String chart = "\uD83D\uDCC8";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"" + chart.repeat(80) + "\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(201).body("name", equalTo(chart.repeat(80)));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"" + chart.repeat(81) + "\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422)
                .body("errors[0].message", equalTo("name is at most 80 characters long"));
    }

    /**
     * Two active keys listed alike could not be told apart when one is to be revoked: a name an active key has is
     * refused, whatever its case, and is free again once that key is revoked; an organisation has at most 50 keys
     * in use.
     */
    @Test
    void anActiveKeysNameIsRefusedAndFiftyKeysInUseAreTheMost() {
        String tenant = tenants.create("keys-names");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\" SEGMENT \"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("name is already an active key's name: choose another (a lost"
                        + " key's successor could be \"SEGMENT 2\"), or revoke that key first"));
        // nor one that reads the same, with a zero-width or a no-break space in it; nor one that shows as nothing
        for (String alike : List.of("Segment\u200b", "Segment\u00a0", "Seg\u00adment", "Segment\u200d",
                "Segment\ufe0f")) {
            given().auth().oauth2(admin).contentType("application/json; charset=UTF-8")
                    .body("{\"name\":\"" + alike + "\"}").post("/api/v1/admin/ingest-keys").then().statusCode(422)
                    .body("errors[0].message", startsWith("name is already an active key's name"));
        }
        given().auth().oauth2(admin).contentType("application/json; charset=UTF-8").body("{\"name\":\"\u200b\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(422)
                .body("errors[0].message", equalTo("name is required: a name that shows, which says which source sends"
                        + " with the key, e.g. Segment"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment EU\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(201);
        assertEquals("2", data.single(tenant, "select count(*) from ingest_key"));
        given().auth().oauth2(admin).delete("/api/v1/admin/ingest-keys/" + id).then().statusCode(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(201);
        for (int i = 3; i <= IngestKeys.MAX_ACTIVE; i++) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Source " + i + "\"}")
                    .post("/api/v1/admin/ingest-keys").then().statusCode(201);
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"One too many\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(409).body("error", equalTo("too_many_keys"))
                .body("message", equalTo("Your organisation has 50 keys in use, the most it can have: revoke one"
                        + " that nothing sends with any more, then create this one."));
        assertEquals("51|50", data.single(tenant, "select count(*) || '|' || count(*) filter (where revoked_at is"
                + " null) from ingest_key"));
    }

    @Test
    void aBatchWithTenPercentBadEventsKeepsTheRestAndARetryCountsOnce() {
        String tenant = tenants.create("batch");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String user = i % 2 == 0 ? "u1" : "u2";
            String feature = i < 15 ? "Report Exported" : "Dashboard Viewed";
            events.add(track("m-" + i, "ACC-1", user, feature, "2026-11-0" + (1 + i % 3) + "T10:00:00Z"));
        }
        events.set(5, track("m-5", "ACC-1", "u2", "Report Exported", "2026-13-01T10:00:00Z"));
        events.set(12, "{\"type\":\"track\",\"messageId\":\"m-12\",\"event\":\"Report Exported\","
                + "\"context\":{\"groupId\":\"ACC-1\"},\"timestamp\":\"2026-11-01T10:00:00Z\"}");
        String batch = "{\"batch\":[" + String.join(",", events) + "]}";

        send(secret, batch).then().statusCode(200).body("accepted", equalTo(18))
                .body("rejected.index", contains(5, 12))
                .body("rejected[0].reason", startsWith("timestamp '2026-13-01T10:00:00Z' is not a real point in time"))
                .body("rejected[1].reason", equalTo("userId is required: usage is counted per user"));
        assertEquals("18", data.single(tenant, "select count(*) from feed_event"));
        // Segment retries the whole batch: the messageIds make it count once
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(18));
        assertEquals("18", data.single(tenant, "select count(*) from feed_event"));

        assertEquals("18", await(() -> data.single(tenant, "select sum(events) from product_usage"), "18"));
        // events 0..14 except 5 and 12: Report Exported; days cycle 1,2,3 and users u1,u2 by index
        assertEquals("2026-11-01 u1 Dashboard Viewed 1|2026-11-01 u1 Report Exported 2|"
                + "2026-11-01 u2 Dashboard Viewed 1|"
                + "2026-11-01 u2 Report Exported 2|2026-11-02 u1 Dashboard Viewed 1|2026-11-02 u1 Report Exported 2|"
                + "2026-11-02 u2 Dashboard Viewed 1|2026-11-02 u2 Report Exported 3|2026-11-03 u1 Report Exported 3|"
                + "2026-11-03 u2 Dashboard Viewed 1|2026-11-03 u2 Report Exported 1", usageRows(tenant));
        assertNotEquals("0", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));
        // the account page's usage chart (weeks from Monday): 1 November is a Sunday
        // from the week of the account's first usage (not the 8 weeks asked: it had none before), silent weeks 0,
        // to the last whole week by 30 November (a Monday: its week has one day of November, not drawn)
        assertEquals(List.of(new AccountRecords.UsageWeek(LocalDate.parse("2026-10-26"), 6, 2),
                new AccountRecords.UsageWeek(LocalDate.parse("2026-11-02"), 12, 2),
                new AccountRecords.UsageWeek(LocalDate.parse("2026-11-09"), 0, 0),
                new AccountRecords.UsageWeek(LocalDate.parse("2026-11-16"), 0, 0),
                new AccountRecords.UsageWeek(LocalDate.parse("2026-11-23"), 0, 0)),
                TenantContext.call(tenant, () -> records.usageByWeek("ACC-1", LocalDate.parse("2026-11-30"), 8)));

        // more events for the same key add to the row; the same messageIds once more add nothing
        send(secret, "{\"batch\":[" + track("m-new", "ACC-1", "u1", "Report Exported", "2026-11-03T23:59:59Z") + ","
                + events.get(0) + "]}").then().statusCode(200).body("accepted", equalTo(2));
        assertEquals("19", await(() -> data.single(tenant, "select sum(events) from product_usage"), "19"));
        assertEquals("4", data.single(tenant, "select events from product_usage where day = '2026-11-03'"
                + " and user_id = 'u1' and feature = 'Report Exported'"));
    }

    @Test
    void eventsWaitForTheCoalescingPeriodAndManyRequestsGiveOneRecalculation() throws InterruptedException {
        String tenant = tenants.create("coalesce");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        send(secret, track("c-0", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z")).then().statusCode(200);
        assertEquals("1", await(() -> data.single(tenant, "select coalesce(sum(events), 0) from product_usage"), "1"));
        assertEquals("1", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));
        // (a request while one is pending joins it: wait until this one has left the queue)
        assertEquals("0", await(() -> data.single(tenant, "select count(*) from recalculation"
                + " where status = 'pending'"), "0"));
        // the tenant was just applied: as if the period (1 s in tests) had an hour left
        data.single(tenant, "update feed_state set applied_at = now() + interval '1 hour' returning 1");
        for (int i = 1; i <= 5; i++) {
            send(secret, track("c-" + i, "ACC-1", "u" + i, "Login", "2026-11-04T12:00:00Z")).then().statusCode(200)
                    .body("accepted", equalTo(1));
        }
        Thread.sleep(3000); // three polls of the coalescing job
        assertEquals("5", data.single(tenant, "select count(*) from feed_event where applied_at is null"));
        assertEquals("1", data.single(tenant, "select sum(events) from product_usage"));
        assertEquals("1", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));
        // the period is over: all five requests are applied together, with one recalculation
        data.single(tenant, "update feed_state set applied_at = now() - interval '1 hour' returning 1");
        assertEquals("6", await(() -> data.single(tenant, "select sum(events) from product_usage"), "6"));
        assertEquals("0", data.single(tenant, "select count(*) from feed_event where applied_at is null"));
        assertEquals("2", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));
    }

    /** An event's name is a usage feature: one too long for the usage key in bytes is refused at the door. */
    @Test
    void anEventNameTooLongInBytesIsRefusedNotStaged() {
        String tenant = tenants.create("wide");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            name.appendCodePoint(0x1F380 + i);
        }
        send(key(tenant), "{\"batch\":[" + track("w-1", "ACC-1", "u1", name.toString(), "2026-11-01T10:00:00Z")
                + "," + track("w-2", "ACC-1", "u1", "Login", "2026-11-01T10:00:00Z")
                + "," + track("w-3", "ACC-1", "u1", "\u00a0", "2026-11-01T10:00:00Z") + "]}").then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected.index", contains(0, 2))
                .body("rejected[0].reason", containsString("is 2048 bytes long in UTF-8; a feature is at most 1536"))
                // a name that shows as nothing is no feature anyone could read
                .body("rejected[1].reason", containsString("holds only characters that show as nothing"));
        assertEquals("1", data.single(tenant, "select count(*) from feed_event"));
    }

    @Test
    void groupCallsCreateAndUpdateAccountsAndTracksNeedAKnownAccount() {
        String tenant = tenants.create("group");
        tenants.addAccount(tenant, "ACC-OLD", "Old Name");
        String secret = key(tenant);
        String batch = "{\"batch\":["
                + "{\"type\":\"group\",\"groupId\":\"ACC-NEW\",\"timestamp\":\"2026-10-05T08:00:00+02:00\","
                + "\"traits\":{\"name\":\"New Co\",\"segment\":\"Enterprise\",\"plan\":\"Pro\",\"licensed_seats\":25,"
                + "\"csm_email\":\"Cara@Example.com\",\"renewal_date\":\"2027-10-01\"}},"
                + track(null, "ACC-NEW", "u9", "Login", "2026-11-04T12:00:00Z") + ","
                + track(null, "ACC-NOPE", "u9", "Login", "2026-11-04T12:00:00Z") + ","
                + "{\"type\":\"group\",\"groupId\":\"ACC-OLD\",\"traits\":{\"plan\":\"Enterprise Plus\"}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-X\",\"traits\":{\"plan\":\"Basic\"}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-Y\",\"traits\":{\"name\":\"Y\",\"licensed_seats\":-3}},"
                + "{\"type\":\"identify\",\"userId\":\"u9\"},"
                // tracks behind a rejected group call (rejected when read, when staged) are told of it
                + track(null, "ACC-Y", "u9", "Login", "2026-11-04T12:00:00Z") + ","
                + track(null, "ACC-X", "u9", "Login", "2026-11-04T12:00:00Z")
                + "]}";
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(3))
                .body("rejected.index", contains(2, 4, 5, 6, 7, 8))
                .body("rejected[0].reason", equalTo("unknown account ACC-NOPE; send a group call first"))
                .body("rejected[1].reason",
                        equalTo("unknown account ACC-X: a group call that creates an account needs traits.name"))
                .body("rejected[2].reason", equalTo("traits.licensed_seats '-3' must be 0 or more"))
                .body("rejected[3].reason", equalTo("type 'identify' is not taken: only track and group events are"))
                .body("rejected[4].reason", equalTo("unknown account ACC-Y: its group call (index 5) was rejected"))
                .body("rejected[5].reason", equalTo("unknown account ACC-X: its group call (index 4) was rejected"));
        assertEquals("New Co|Enterprise|Pro|cara@example.com|2026-10-05|2027-10-01|25", await(() -> data.single(tenant,
                "select concat_ws('|', name, segment, plan, csm_email, customer_since, renewal_date, licensed_seats)"
                        + " from account where account_id = 'ACC-NEW'"), "New Co|Enterprise|Pro|cara@example.com|"
                        + "2026-10-05|2027-10-01|25"));
        assertEquals("Old Name|SMB|Enterprise Plus|2025-01-15", data.single(tenant,
                "select concat_ws('|', name, segment, plan, customer_since) from account"
                        + " where account_id = 'ACC-OLD'"));
        assertEquals("ACC-NEW u9 2026-11-04 Login 1", await(() -> data.single(tenant,
                "select concat_ws(' ', account_id, user_id, day, feature, events) from product_usage"),
                "ACC-NEW u9 2026-11-04 Login 1"));
        assertEquals("2", data.single(tenant, "select count(*) from account"));
    }

    /**
     * An event of a type not taken is refused for its type, whatever its date; a group call's date (a device's clock
     * weeks fast) refuses only a call it would date, one creating an account without a date of its own.
     */
    @Test
    void aGroupCallsDateRefusesOnlyTheAccountItWouldDate() {
        String tenant = tenants.create("group-date");
        tenants.addAccount(tenant, "ACC-OLD", "Old Name");
        String future = "\"timestamp\":\"2999-02-01T00:00:00Z\"";
        send(key(tenant), "{\"batch\":["
                + "{\"type\":\"page\",\"messageId\":\"p1\"," + future + "},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-OLD\",\"traits\":{\"plan\":\"Enterprise\"}," + future + "},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-NEW\",\"traits\":{\"name\":\"New\"}," + future + "},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-DATED\",\"traits\":{\"name\":\"Dated\","
                + "\"createdAt\":\"2026-03-04T10:00:00Z\"}," + future + "}"
                + "]}").then().statusCode(200).body("accepted", equalTo(2)).body("rejected.index", contains(0, 2))
                .body("rejected[0].reason", equalTo("type 'page' is not taken: only track and group events are"))
                .body("rejected[1].reason",
                        // the UTC date is named only when it is not the one written, as for a CSV cell
                        startsWith("timestamp '2999-02-01T00:00:00Z' is outside the dates accepted here"));
        assertEquals("Enterprise", await(() -> data.single(tenant, "select plan from account"
                + " where account_id = 'ACC-OLD'"), "Enterprise"));
        assertEquals("2026-03-04", await(() -> data.single(tenant, "select customer_since from account"
                + " where account_id = 'ACC-DATED'"), "2026-03-04"));
        assertEquals("0", data.single(tenant, "select count(*) from account where account_id = 'ACC-NEW'"));
    }

    /** A sender's group call on every sign-in repeats what is stored: it changes no row and recalculates nothing. */
    @Test
    void aGroupCallRepeatingWhatIsStoredAsksForNoRecalculation() {
        String tenant = tenants.create("group-same");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String stored = data.single(tenant, "select concat_ws('|', name, segment, plan, xmin) from account");
        String secret = key(tenant);
        send(secret, "{\"type\":\"group\",\"groupId\":\" ACC-1\",\"traits\":{\"name\":\"Acme\","
                + "\"segment\":\"SMB\"}}").then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("0", await(() -> data.single(tenant, "select count(*) from feed_event where applied_at is null"),
                "0"));
        assertEquals("0", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));
        assertEquals(stored, data.single(tenant, "select concat_ws('|', name, segment, plan, xmin) from account"),
                "the row was not even rewritten");

        send(secret, "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"name\":\"Acme\","
                + "\"plan\":\"Pro\"}}").then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("Pro", await(() -> data.single(tenant, "select coalesce(plan, '') from account"), "Pro"));
        assertEquals("1", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));

        // Segment's traits are optional: without them (or null) a call only ties a user to a known account; one
        // that would create its account still needs a name, and traits that are not an object are refused
        send(secret, "{\"batch\":[{\"type\":\"group\",\"groupId\":\"ACC-1\",\"userId\":\"u1\"},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":null},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-2\"},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":\"Pro\"}]}").then().statusCode(200)
                .body("accepted", equalTo(2)).body("rejected.index", contains(2, 3))
                .body("rejected[0].reason",
                        equalTo("unknown account ACC-2: a group call that creates an account needs traits.name"))
                .body("rejected[1].reason",
                        equalTo("traits must be an object with the account's name and other columns"));
        assertEquals("0", await(() -> data.single(tenant, "select count(*) from feed_event where applied_at is null"),
                "0"));
        assertEquals("Acme|SMB|Pro", data.single(tenant, "select concat_ws('|', name, segment, plan) from account"));
        assertEquals("1", data.single(tenant, "select count(*) from recalculation where reason = 'events'"));
    }

    /**
     * A round that changes an account makes a new version of what the pages keep (Snapshots.version), at once: not
     * only once its recalculation ends, which may be never if it fails. A round that changes nothing makes none.
     */
    @Test
    void aRoundThatChangesAnAccountMakesANewVersionOfThePages() {
        String tenant = tenants.create("group-version");
        recalculations.loadSample(tenant);
        String secret = key(tenant);
        String before = data.single(tenant, "select coalesce(feed_changed_at::text, '-') from tenant_snapshot");
        assertEquals("-", before);
        send(secret, "{\"type\":\"group\",\"groupId\":\"ACC-00001\",\"traits\":{\"plan\":\"Platinum\"}}")
                .then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("Platinum", await(() -> data.single(tenant, "select coalesce(plan, '') from account"
                + " where account_id = 'ACC-00001'"), "Platinum"));
        String marked = data.single(tenant, "select coalesce(feed_changed_at::text, '-') from tenant_snapshot");
        assertNotEquals("-", marked);
        send(secret, "{\"type\":\"group\",\"groupId\":\"ACC-00001\",\"traits\":{\"plan\":\"Platinum\"}}")
                .then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("0", await(() -> data.single(tenant, "select count(*) from feed_event where applied_at is null"),
                "0"));
        assertEquals(marked, data.single(tenant, "select coalesce(feed_changed_at::text, '-') from tenant_snapshot"));
        recalculations.awaitIdle(tenant);
    }

    /** An unreadable createdAt refuses only a group call that creates its account: an existing one never reads it. */
    @Test
    void anUnreadableCreatedAtRefusesOnlyTheCallThatCreatesTheAccount() {
        String tenant = tenants.create("group-created");
        tenants.addAccount(tenant, "ACC-1", "One");
        String secret = key(tenant);
        send(secret, "{\"batch\":["
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"plan\":\"Pro\",\"createdAt\":1609459200}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-2\",\"traits\":{\"name\":\"Two\",\"createdAt\":\"soon\"}},"
                // not even a value (it used to refuse the call of an existing account too)
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"industry\":\"Retail\","
                + "\"createdAt\":{\"$date\":\"2020-01-01\"}}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-3\",\"traits\":{\"name\":\"Three\",\"createdAt\":[]}},"
                // a new account with customer_since is dated by it: its createdAt, unreadable, is never read
                + "{\"type\":\"group\",\"groupId\":\"ACC-4\",\"traits\":{\"name\":\"Four\","
                + "\"customer_since\":\"2024-01-01\",\"createdAt\":\"soon\"}}"
                + "]}").then().statusCode(200).body("accepted", equalTo(3)).body("rejected.index", contains(1, 3))
                .body("rejected[0].reason", org.hamcrest.Matchers.startsWith("traits.createdAt 'soon' "))
                .body("rejected[1].reason", equalTo("traits.createdAt must be a string"));
        assertEquals("Pro|Retail|2025-01-15", await(() -> data.single(tenant,
                "select concat_ws('|', plan, industry, customer_since) from account where account_id = 'ACC-1'"),
                "Pro|Retail|2025-01-15"));
        assertEquals("Four|2024-01-01", await(() -> data.single(tenant,
                "select concat_ws('|', name, customer_since) from account where account_id = 'ACC-4'"),
                "Four|2024-01-01"));
        assertEquals("2", data.single(tenant, "select count(*) from account"));
    }

    /** Two group calls of one account in a batch merge in the order they were sent, whatever their messageIds. */
    @Test
    void theLaterGroupCallOfABatchWinsWhateverItsMessageId() {
        String tenant = tenants.create("group-order");
        tenants.addAccount(tenant, "ACC-1", "One");
        String secret = key(tenant);
        send(secret, "{\"batch\":["
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"messageId\":\"b7\","
                + "\"traits\":{\"plan\":\"Free\",\"industry\":\"Retail\"}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"messageId\":\"a3\",\"traits\":{\"plan\":\"Pro\"}}"
                + "]}").then().statusCode(200).body("accepted", equalTo(2));
        assertEquals("Pro|Retail", await(() -> data.single(tenant,
                "select concat_ws('|', plan, industry) from account where account_id = 'ACC-1'"), "Pro|Retail"));
    }

    @Test
    void aKeyWritesOnlyItsOwnTenantAndReachesNoOtherEndpoint() {
        String a = tenants.create("iso-a");
        String b = tenants.create("iso-b");
        tenants.addAccount(a, "ACC-1", "A's");
        tenants.addAccount(b, "ACC-1", "B's");
        String secretA = key(a);
        key(b);
        send(secretA, track("iso-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z")).then().statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals("1", await(() -> data.single(a, "select coalesce(sum(events), 0) from product_usage"), "1"));
        assertEquals("0", data.single(b, "select count(*) from feed_event"));
        assertEquals("0", data.single(b, "select count(*) from product_usage"));
        assertEquals("1", data.single(b, "select count(*) from ingest_key"));
        assertEquals("1", data.single(a, "select count(*) from ingest_key"));

        // the key is no identity anywhere else
        for (String path : List.of("/api/v1/admin/ingest-keys", "/api/v1/accounts", "/api/v1/me/notifications",
                "/api/v1/metrics")) {
            given().auth().preemptive().basic(secretA, "").get(path).then().statusCode(401);
        }
        given().auth().preemptive().basic(secretA, "").contentType(ContentType.JSON).body("{\"name\":\"more\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(401);
        given().auth().preemptive().basic(secretA, "").redirects().follow(false).get("/admin/integrations")
                .then().statusCode(not(equalTo(200)));
        assertEquals("1", data.single(a, "select count(*) from ingest_key"));
        // a person's token is no key either, and a request refused so leaves no trace of them in the tenant
        given().auth().oauth2(FakeKeycloak.accessToken("stranger", a, "admin")).contentType(ContentType.JSON)
                .body(track("iso-2", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z")).post("/api/v1/events").then()
                .statusCode(401);
        assertEquals("0", data.single(a, "select count(*) from tenant_user where username = 'stranger'"));
        given().auth().oauth2(FakeKeycloak.accessToken("stranger", a, "admin")).get("/api/v1/me").then()
                .statusCode(200);
        assertEquals("1", data.single(a, "select count(*) from tenant_user where username = 'stranger'"));
    }

    @Test
    void badRequestsAre4xxAndWriteNothing() throws SQLException {
        String tenant = tenants.create("bad");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        String event = track("b-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z");
        given().contentType(ContentType.JSON).body(event).post("/api/v1/events").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"));
        send("bwk_" + "A".repeat(43), event).then().statusCode(401);
        // a token is no credential here, whatever its tenant: the answer names the one wanted
        String suspended = tenants.create("bad-suspended");
        tenants.status(suspended, "suspended");
        for (String token : List.of(admin, FakeKeycloak.accessToken("otto", null, "operator"),
                FakeKeycloak.accessToken("ada", suspended, "admin"), "not-a-token",
                FakeKeycloak.issuedTo("another-app", "ada", tenant, "admin"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(event).post("/api/v1/events")
                    .then().statusCode(401).header("WWW-Authenticate", startsWith("Basic"))
                    .body("error", equalTo("unauthorized")).extract().headers().getValues("WWW-Authenticate")
                    .forEach(challenge -> assertTrue(challenge.startsWith("Basic"), challenge));
        }
        send(secret, "{\"type\":").then().statusCode(400).body("message", startsWith("The body is not JSON"));
        // JSON of the wrong shape names what is wrong, as every second-round endpoint does
        send(secret, "\"track\"").then().statusCode(422).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", startsWith("The body must be one event (a JSON object)"));
        // two values one after the other (newline-delimited events) are not one body: nothing is kept
        send(secret, event + "\n" + track("b-2", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z")).then()
                .statusCode(400).body("message", equalTo("The body holds more than one JSON value: send several"
                        + " events as {\"batch\": [events]} or as an array of events"));
        send(secret, "[" + event + "]]").then().statusCode(400);
        send(secret, "[1,{}]").then().statusCode(200).body("accepted", equalTo(0))
                .body("rejected.index", contains(0, 1))
                .body("rejected[0].reason", equalTo("an event must be a JSON object"))
                .body("rejected[1].reason", equalTo("type is required: track or group"));
        send(secret, "{\"batch\":{}}").then().statusCode(422).body("errors[0].field", equalTo("batch"))
                .body("errors[0].message", equalTo("batch must be an array of events"));
        StringBuilder big = new StringBuilder("{\"batch\":[");
        while (big.length() < 520 * 1024) {
            big.append(event).append(',');
        }
        big.append(event).append("]}");
        send(secret, big.toString()).then().statusCode(413);
        assertEquals("0", data.single(tenant, "select count(*) from feed_event"));
    }

    @Test
    void segmentShapesAreTakenGzipBareArraysAndTheBatchContext() throws IOException {
        String tenant = tenants.create("shapes");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        tenants.addAccount(tenant, "ACC-2", "Globex");
        String secret = key(tenant);
        String day = "2026-11-04T12:00:00Z";
        // Segment's HTTP API: the batch's context is merged into each event's, the event's own winning
        String batch = "{\"context\":{\"groupId\":\"ACC-1\",\"library\":{\"name\":\"analytics-java\"}},\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"c-1\",\"userId\":\"u1\",\"event\":\"Login\",\"timestamp\":\""
                + day + "\",\"context\":{\"ip\":\"10.0.0.1\"}}," + track("c-2", "ACC-2", "u2", "Login", day) + "]}";
        // Segment's libraries send gzip bodies; the 500 KB limit counts what they inflate to
        sendBytes(secret, "gzip", gzip(batch)).then().statusCode(200).body("accepted", equalTo(2));
        // Segment's Webhooks destination posts a batch as a bare array
        send(secret, "[" + track("a-1", "ACC-1", "u3", "Export", day) + "," + track("a-2", "ACC-2", "u3", "Export", day)
                + "]").then().statusCode(200).body("accepted", equalTo(2)).body("rejected", hasSize(0));
        assertEquals("ACC-1 u1 Login 1|ACC-1 u3 Export 1|ACC-2 u2 Login 1|ACC-2 u3 Export 1", await(() -> data.single(
                tenant, "select string_agg(concat_ws(' ', account_id, user_id, feature, events), '|'"
                        + " order by account_id, user_id) from product_usage"),
                "ACC-1 u1 Login 1|ACC-1 u3 Export 1|ACC-2 u2 Login 1|ACC-2 u3 Export 1"));

        String event = track(null, "ACC-1", "u1", "Login", day);
        StringBuilder big = new StringBuilder("[");
        while (big.length() < 520 * 1024) {
            big.append(event).append(',');
        }
        big.append(event).append(']');
        byte[] bomb = gzip(big.toString());
        assertTrue(bomb.length < 50 * 1024, "the compressed body is small: " + bomb.length);
        sendBytes(secret, "gzip", bomb).then().statusCode(413).body("error", equalTo("payload_too_large"));
        sendBytes(secret, "gzip", event.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body("message", startsWith("The body could not be read"));
        byte[] whole = gzip(event);
        for (byte[] cut : List.of(new byte[0], java.util.Arrays.copyOf(whole, whole.length - 12))) {
            sendBytes(secret, "gzip", cut).then().statusCode(400).body("message", equalTo("The body could not be"
                    + " read: the gzip stream is empty or ends before its end; send the whole compressed body"));
        }
        sendBytes(secret, "br", event.getBytes(StandardCharsets.UTF_8)).then().statusCode(415)
                .body("message", equalTo("Content-Encoding 'br' is not taken: send gzip or no encoding"));
        assertEquals("4", data.single(tenant, "select count(*) from feed_event"));
    }

    /** Numbers sent for ids are kept digit for digit; one that would write out to more than 100 digits is refused. */
    @Test
    void numericIdsAreKeptDigitForDigit() {
        String tenant = tenants.create("digits");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String rest = ",\"event\":\"Login\",\"context\":{\"groupId\":\"ACC-1\"},"
                + "\"timestamp\":\"2026-11-04T12:00:00Z\"}";
        send(secret, "{\"batch\":["
                + "{\"type\":\"track\",\"userId\":12345678901234567891.0" + rest + ","
                + "{\"type\":\"track\",\"userId\":12345678901234567892.0" + rest + ","
                + "{\"type\":\"track\",\"userId\":0.1000000000000000055511" + rest + ","
                + "{\"type\":\"track\",\"userId\":1e400" + rest + ","
                + "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":1e-999999999" + rest + ","
                // zeros whose stripping takes the scale past an int's (the reader keeps them unstripped)
                + "{\"type\":\"track\",\"userId\":100e2147483647" + rest + ","
                // a whole number written out digit by digit: 101 digits are too many, 100 are not
                + "{\"type\":\"track\",\"userId\":-1" + "0".repeat(100) + rest + ","
                + "{\"type\":\"track\",\"userId\":-1" + "0".repeat(99) + rest + "]}").then()
                .statusCode(200).body("accepted", equalTo(4))
                .body("rejected.index", contains(3, 4, 5, 6))
                .body("rejected[3].reason", equalTo("userId is a number of more than 100 digits written out: send it"
                        + " as a string"))
                .body("rejected[0].reason", equalTo("userId is a number of more than 100 digits written out: send it"
                        + " as a string"))
                .body("rejected[1].reason", startsWith("messageId is a number of more than 100 digits"))
                .body("rejected[2].reason", equalTo("userId is a number of more than 100 digits written out: send it"
                        + " as a string"));
        // an exponent no exact decimal holds refuses the body, as other JSON that cannot be read does: 400, not 500
        for (String number : List.of("1e99999999999", "1e-2147483649", "0e-99999999999")) {
            send(secret, "{\"type\":\"track\",\"userId\":" + number + rest).then().statusCode(400)
                    .body("message", equalTo("The body holds a number that cannot be read (its exponent is too large):"
                            + " send ids as strings"));
        }
        String users = "-1" + "0".repeat(99) + "|0.1000000000000000055511|12345678901234567891|12345678901234567892";
        assertEquals(users, await(() -> data.single(tenant,
                "select string_agg(user_id, '|' order by user_id) from product_usage"), users));
    }

    @Test
    void oddValuesAreRejectedByIndexWithTheirFieldsFullNameAndNeverA500() {
        String tenant = tenants.create("odd");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String day = "2026-11-04T12:00:00Z";
        String batch = "{\"batch\":["
                + track("n-0", "ACC-1", "u\\u0000", "Login", day) + ","
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Login\",\"context\":{\"groupId\":{}}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"plan\":[\"Pro\"]}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"name\":\"A\\u0000\"}},"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Login\",\"context\":\"ACC-1\"},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"licensed_seats\":40.0}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"licensed_seats\":40.5}},"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Login\",\"context\":{\"groupId\":\"ACC-1\"},"
                + "\"timestamp\":\"9999-12-31T23:00:00-05:00\"},"
                + track("n-8", "ACC-1", "u1", "\\u0001\\u007f", day)
                + "]}";
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(1))
                .body("rejected.index", contains(0, 1, 2, 3, 4, 6, 7, 8))
                .body("rejected[0].reason", equalTo("userId holds U+0000 (a NUL character), which no value may hold"))
                .body("rejected[1].reason", equalTo("context.groupId must be a string"))
                .body("rejected[2].reason", equalTo("traits.plan must be a string"))
                .body("rejected[3].reason",
                        equalTo("traits.name holds U+0000 (a NUL character), which no value may hold"))
                .body("rejected[4].reason", equalTo("context must be an object"))
                .body("rejected[5].reason", startsWith("traits.licensed_seats '40.5' is not a whole number"))
                .body("rejected[6].reason", startsWith("timestamp '9999-12-31T23:00:00-05:00' is outside the dates"))
                .body("rejected[7].reason", equalTo("event is required: the feature used, e.g. Report Exported"));
        assertEquals("40", await(() -> data.single(tenant, "select licensed_seats from account"), "40"));

        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Seg\\u0000ment\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(400)
                .body("message", equalTo("U+0000 (a NUL character) is not allowed in any value."));
        assertEquals("1", data.single(tenant, "select count(*) from ingest_key"));
    }

    /**
     * A lone surrogate (JSON allows "\\ud800") would be stored as "?", so two different ids would count
     * as one: such a value is rejected; a messageId is measured in characters, an emoji being one.
     */
    @Test
    void loneSurrogatesAreRejectedAndAMessageIdIsCountedInCharacters() {
        String tenant = tenants.create("surrogates");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String day = "2026-11-04T12:00:00Z";
        String emoji = "\uD83D\uDE80".repeat(150);
        String batch = "{\"batch\":["
                + track("\\ud800", "ACC-1", "u1", "Login", day) + ","
                + track("\\udbff", "ACC-1", "u1", "Login", day) + ","
                + track("s-1", "ACC-1", "u\\udc00x", "Login", day) + ","
                + track(emoji, "ACC-1", "u\\ud83d\\ude80", "Login", day) + "]}";
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(1))
                .body("rejected.index", contains(0, 1, 2))
                .body("rejected[0].reason", equalTo("messageId holds a lone UTF-16 surrogate (\\ud800 to \\udfff"
                        + " unpaired), which is not a character"))
                .body("rejected[2].reason", startsWith("userId holds a lone UTF-16 surrogate"));
        assertEquals("1", data.single(tenant, "select count(*) from feed_event where user_id = 'u\uD83D\uDE80'"
                + " and length(message_id) = 150"));
    }

    /**
     * What a CSV cell refuses the feed refuses too (U+FDD0, the import's mark of bytes that are not UTF-8: an export
     * holding it would not import again), and a timestamp is trimmed as a cell is (a leading control character).
     */
    @Test
    void theFeedReadsTextAsACsvCellIs() {
        String tenant = tenants.create("as-a-cell");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String batch = "{\"batch\":["
                + "{\"type\":\"group\",\"groupId\":\"ACC-1\",\"traits\":{\"segment\":\"SMB\\ufdd0\"}},"
                + track("t-1", "ACC-1", "u1", "Login", "\\u00852026-11-04T12:00:00Z") + "]}";
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(1)).body("rejected.index", contains(0))
                .body("rejected[0].reason", containsString("holds U+FDD0, a character Bellwether does not take"));
        assertEquals("2026-11-04", data.single(tenant, "select day from feed_event where message_id = 't-1'"));
    }

    @Test
    void daysFollowSegmentsTimestampsAndCreatedAtDatesOnlyANewAccount() {
        String tenant = tenants.create("days");
        tenants.addAccount(tenant, "ACC-OLD", "Old Name");
        String secret = key(tenant);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String batch = "{\"batch\":["
                // no timestamp: originalTimestamp's day
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\",\"context\":{\"groupId\":\"ACC-OLD\"},"
                + "\"originalTimestamp\":\"2026-11-04T23:30:00-02:00\"},"
                // the sender's clock is off by years, but it sent the event as it happened: the day it arrives
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"B\",\"context\":{\"groupId\":\"ACC-OLD\"},"
                + "\"originalTimestamp\":\"2031-01-01T00:00:00Z\",\"sentAt\":\"2031-01-01T00:00:30Z\"},"
                // timestamp wins over both
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"C\",\"context\":{\"groupId\":\"ACC-OLD\"},"
                + "\"timestamp\":\"2026-11-02T10:00:00Z\",\"originalTimestamp\":\"2026-11-04T10:00:00Z\","
                + "\"sentAt\":\"2026-11-04T10:00:00Z\"},"
                // createdAt dates a new account, never an existing one
                + "{\"type\":\"group\",\"groupId\":\"ACC-OLD\",\"traits\":{\"createdAt\":\"2019-06-01T00:00:00Z\"}},"
                + "{\"type\":\"group\",\"groupId\":\"ACC-NEW\",\"traits\":{\"name\":\"New\","
                + "\"createdAt\":\"2024-02-03T23:30:00-05:00\"}},"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"D\",\"context\":{\"groupId\":\"ACC-OLD\"},"
                + "\"originalTimestamp\":\"2026-11-04T10:00:00Z\",\"sentAt\":\"nope\"}"
                + "]}";
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(5)).body("rejected.index", contains(5))
                .body("rejected[0].reason", startsWith("sentAt 'nope' is not a timestamp"));
        // Segment's libraries put sentAt on the batch: it corrects each event that has none of its own
        send(secret, "{\"sentAt\":\"2031-01-01T00:00:30Z\",\"batch\":[{\"type\":\"track\",\"userId\":\"u1\","
                + "\"event\":\"E\",\"context\":{\"groupId\":\"ACC-OLD\"},"
                + "\"originalTimestamp\":\"2031-01-01T00:00:00Z\"}]}")
                .then().statusCode(200).body("accepted", equalTo(1));
        String expected = "A 2026-11-05|B " + today + "|C 2026-11-02|E " + today;
        assertEquals(expected, await(() -> data.single(tenant, "select string_agg(feature || ' ' || day, '|'"
                + " order by feature) from product_usage"), expected));
        assertEquals("2025-01-15|2024-02-04", await(() -> data.single(tenant, "select string_agg(customer_since::text,"
                + " '|' order by account_id desc) from account"), "2025-01-15|2024-02-04"));
    }

    @Test
    void aRefusedBodyStillShowsTheKeyAsUsed() {
        String tenant = tenants.create("touch");
        String secret = key(tenant);
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(admin).get("/api/v1/admin/ingest-keys").then().body("[0].lastUsedAt", nullValue());
        send(secret, "{\"type\":").then().statusCode(400);
        given().auth().oauth2(admin).get("/api/v1/admin/ingest-keys").then().body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void eventsWaitForAnImportOfTheirTenantToEndAndOtherTenantsDoNot() throws Exception {
        String tenant = tenants.create("during-import");
        String other = tenants.create("beside-import");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        tenants.addAccount(other, "ACC-1", "Globex");
        String event = track("i-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z");
        try (Connection importing = DriverManager.getConnection(DatabaseBootstrap.jdbcUrl(), "postgres", "")) {
            importing.setAutoCommit(false);
            // an import of the tenant holds its lock, as it does until it commits
            try (Statement statement = importing.createStatement()) {
                statement.execute("select 1 from tenant where id = '" + tenant + "' for no key update");
            }
            send(key(tenant), event).then().statusCode(200).body("accepted", equalTo(1));
            send(key(other), event).then().statusCode(200).body("accepted", equalTo(1));
            assertEquals("2026-11-04 u1 Login 1", await(() -> usageRows(other), "2026-11-04 u1 Login 1"),
                    "the other tenant's events are applied meanwhile");
            Thread.sleep(2500);
            assertEquals(null, usageRows(tenant), "the tenant's events wait for the import");
            assertEquals("1", data.single(tenant, "select count(*) from feed_event where applied_at is null"));
            importing.commit();
        }
        assertEquals("2026-11-04 u1 Login 1", await(() -> usageRows(tenant), "2026-11-04 u1 Login 1"));
    }

    /**
     * A tenant's first round of track calls attaches its usage partition, which waits while another tenant's
     * first load holds the usage table's lock (until that import commits, minutes for a large one): the round
     * gives up after two seconds, its events stay staged, and the tenants after it are applied meanwhile.
     */
    @Test
    void anotherTenantsFirstLoadHoldsUpNoOtherTenantsRound() throws Exception {
        String first = tenants.create("aa-first-feed"); // its round comes first: rounds go by tenant id
        String beside = tenants.create("ab-beside-first");
        tenants.addAccount(first, "ACC-1", "Acme");
        tenants.addAccount(beside, "ACC-1", "Globex");
        given().auth().oauth2(FakeKeycloak.accessToken("ada", beside, "admin")).multiPart("file", "usage.csv",
                "account_id,user_id,date,feature,events\nACC-1,u2,2026-11-02,Login,1\n"
                        .getBytes(StandardCharsets.UTF_8),
                "text/csv").post("/api/v1/imports").then().statusCode(201);
        String event = track("fl-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z");
        try (Connection loading = DatabaseBootstrap.superuserConnection();
                Statement statement = loading.createStatement()) {
            loading.setAutoCommit(false);
            // as another tenant's first load does from its attach until it commits
            statement.execute("lock table product_usage in share update exclusive mode");
            try {
                send(key(first), event).then().statusCode(200).body("accepted", equalTo(1));
                send(key(beside), event).then().statusCode(200).body("accepted", equalTo(1));
                String both = "2026-11-02 u2 Login 1|2026-11-04 u1 Login 1";
                assertEquals(both, await(() -> usageRows(beside), both), "applied while the first load runs");
                assertEquals(null, usageRows(first));
                assertEquals("1", data.single(first, "select count(*) from feed_event where applied_at is null"));
            } finally {
                loading.rollback();
            }
        }
        assertEquals("2026-11-04 u1 Login 1", await(() -> usageRows(first), "2026-11-04 u1 Login 1"));
    }

    /**
     * Events accepted before an import are applied before its rows are written, so the import's row
     * replaces them as a later import replaces any row; applied after it, they were added on top (10).
     */
    @Test
    void eventsStagedBeforeAnImportAreAppliedFirstAndTheImportReplacesThem() throws Exception {
        String tenant = tenants.create("before-import");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(admin).multiPart("file", "usage.csv", ("account_id,user_id,date,feature,events\n"
                + "ACC-1,u2,2026-11-02,Login,1\n").getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports").then().statusCode(201);
        // the coalescing job is not due for this tenant: its events stay staged
        dueIn(tenant, "1 hour");
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 1; i <= 5; i++) {
            batch.append(i > 1 ? "," : "").append(track("bi-" + i, "ACC-1", "u1", "Report Exported",
                    "2026-11-03T09:00:00Z"));
        }
        send(secret, batch.append("]}").toString()).then().statusCode(200).body("accepted", equalTo(5));
        given().auth().oauth2(admin).multiPart("file", "usage.csv", ("account_id,user_id,date,feature,events\n"
                + "ACC-1,u1,2026-11-03,Report Exported,5\n").getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports").then().statusCode(201);
        assertEquals("2026-11-02 u2 Login 1|2026-11-03 u1 Report Exported 5", usageRows(tenant));
        assertEquals("0", data.single(tenant, "select count(*) from feed_event where applied_at is null"));
        // once the job is due again there is nothing left for it to add
        dueIn(tenant, "-1 hour");
        Thread.sleep(3000);
        assertEquals("2026-11-02 u2 Login 1|2026-11-03 u1 Report Exported 5", usageRows(tenant));
    }

    /**
     * A tenant without usage yet: an import applies the staged group calls first but leaves the track
     * calls to the next round, which creates the tenant's usage partition in a short transaction of its
     * own rather than holding the usage table's lock for the whole import.
     */
    @Test
    void anImportLeavesTrackCallsStagedWhileTheTenantHasNoUsageYet() throws Exception {
        String tenant = tenants.create("first-usage");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        dueIn(tenant, "1 hour");
        send(secret, "{\"batch\":[{\"type\":\"group\",\"messageId\":\"fu-g\",\"groupId\":\"ACC-1\","
                + "\"traits\":{\"plan\":\"Pro\"}}," + track("fu-t", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z")
                + "]}").then().statusCode(200).body("accepted", equalTo(2));
        given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin"))
                .multiPart("file", "accounts.csv", ("account_id,name,segment,industry,plan,csm_email,customer_since,"
                        + "renewal_date,licensed_seats,first_value_date\nACC-2,Globex,SMB,,,,2025-01-01,,10,\n")
                        .getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports").then().statusCode(201);
        assertEquals("Pro", data.single(tenant, "select plan from account where account_id = 'ACC-1'"));
        assertEquals("track", data.single(tenant, "select string_agg(kind, ',') from feed_event"
                + " where applied_at is null"));
        dueIn(tenant, "-1 hour");
        assertEquals("2026-11-04 u1 Login 1", await(() -> usageRows(tenant), "2026-11-04 u1 Login 1"));
    }

    /**
     * A retried event whose first sending an import is applying (its staged row locked until the import
     * commits) is answered 503 after a few seconds, nothing stored, instead of holding a connection
     * for as long as the import runs; sent again afterwards, it counts once.
     */
    @Test
    void aRetryWaitingForAnImportIsAnswered503AndCountsOnceWhenSentAgain() throws Exception {
        String tenant = tenants.create("retry-busy");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        dueIn(tenant, "1 hour");
        String event = track("rb-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z");
        send(secret, event).then().statusCode(200).body("accepted", equalTo(1));
        try (Connection importing = DatabaseBootstrap.superuserConnection();
                Statement statement = importing.createStatement()) {
            importing.setAutoCommit(false);
            // as an import's applyFirst marks the staged events, holding them until it commits
            statement.executeUpdate("update feed_event set applied_at = now() where tenant_id = '" + tenant + "'");
            CompletableFuture<Response> retry = CompletableFuture.supplyAsync(() -> send(secret, event));
            Response answer;
            try {
                answer = retry.get(15, TimeUnit.SECONDS);
            } finally {
                importing.rollback();
            }
            answer.then().statusCode(503).header("Retry-After", "5").body("error", equalTo("busy"));
        }
        send(secret, event).then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("1", data.single(tenant, "select count(*) from feed_event"));
    }

    /** Sets when the tenant's feed was last applied to now plus {@code shift}. */
    @Test
    void aGroupCallWhoseMessageIdWasSeenBeforeCreatesNoAccountForTheTracksBehindIt() {
        String tenant = tenants.create("reused-id");
        tenants.addAccount(tenant, "ACC-OLD", "Old Name");
        String secret = key(tenant);
        send(secret, "{\"batch\":[" + track("evt-1", "ACC-OLD", "u1", "Login", "2026-11-04T12:00:00Z") + "]}")
                .then().statusCode(200).body("accepted", equalTo(1));
        // evt-1 again, now a group call creating an account: skipped as a retry, so the track behind it names
        // no account; within one request too, the event repeating an id (evt-3) is the one skipped
        String batch = "{\"batch\":["
                + "{\"type\":\"group\",\"groupId\":\"ACC-NEW\",\"messageId\":\"evt-1\",\"traits\":{\"name\":\"New\"}},"
                + track("evt-2", "ACC-NEW", "u1", "Login", "2026-11-04T12:00:00Z") + ","
                + track("evt-3", "ACC-OLD", "u2", "Login", "2026-11-04T12:00:00Z") + ","
                + "{\"type\":\"group\",\"groupId\":\"ACC-TWO\",\"messageId\":\"evt-3\",\"traits\":{\"name\":\"Two\"}},"
                + track("evt-4", "ACC-TWO", "u2", "Login", "2026-11-04T12:00:00Z") + "]}";
        send(secret, batch).then().statusCode(200).body("accepted", equalTo(3))
                .body("rejected.index", contains(1, 4))
                // told why the group call they did send made no account, not to send one
                .body("rejected[0].reason", equalTo("unknown account ACC-NEW: its group call (index 0) repeats"
                        + " messageId 'evt-1', received before, and was skipped as a retry (give each call its own"
                        + " messageId)"))
                .body("rejected[1].reason", equalTo("unknown account ACC-TWO: its group call (index 3) repeats"
                        + " messageId 'evt-3', received before, and was skipped as a retry (give each call its own"
                        + " messageId)"));
        String usage = "2026-11-04 u1 Login 1|2026-11-04 u2 Login 1";
        assertEquals(usage, await(() -> usageRows(tenant), usage));
        assertEquals("ACC-OLD", data.single(tenant, "select string_agg(account_id, ',') from account"));
        assertEquals("0", data.single(tenant, "select count(*) from product_usage where account_id <> 'ACC-OLD'"));
    }

    /**
     * Another request sends the same messageId at the same moment, neither seeing the other's: the group call
     * skipped as a retry makes no account, so the tracks behind it are rejected, not staged for an account that
     * never comes; unless the other request's call was for that very account.
     */
    @ParameterizedTest
    @CsvSource({"ACC-X, 1", "ACC-Y, 2"})
    void aGroupCallSkippedForTheSameMessageIdSentAtTheSameMomentStagesNoTrackOfAnAccountNeverMade(String others,
            int accepted) throws Exception {
        String tenant = tenants.create("same-moment");
        String secret = key(tenant);
        dueIn(tenant, "1 hour"); // nothing applied meanwhile: the staged rows are what the requests left
        String batch = "{\"batch\":[{\"type\":\"group\",\"groupId\":\"ACC-Y\",\"messageId\":\"same-1\","
                + "\"traits\":{\"name\":\"Y\"}}," + track("same-2", "ACC-Y", "u1", "Login", "2026-11-04T12:00:00Z")
                + "]}";
        Response answer;
        try (Connection other = DatabaseBootstrap.superuserConnection();
                Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.executeUpdate("insert into feed_event (tenant_id, message_id, kind, account_id, traits, pos)"
                    + " values ('" + tenant + "', 'same-1', 'group', '" + others + "', '{\"name\":\"O\"}', 1)");
            CompletableFuture<Response> sent = CompletableFuture.supplyAsync(() -> send(secret, batch));
            try {
                // the request has looked for same-1 (not committed: unseen) and its insert waits for that row
                assertEquals("1", await(() -> data.single(tenant, "select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and query like '%insert into feed_event%'"), "1"));
                other.commit();
                answer = sent.get(15, TimeUnit.SECONDS);
            } finally {
                other.rollback();
            }
        }
        answer.then().statusCode(200).body("accepted", equalTo(accepted));
        if (accepted == 1) {
            answer.then().body("rejected.index", contains(1)).body("rejected[0].reason", equalTo("unknown account"
                    + " ACC-Y: its group call (index 0) repeats messageId 'same-1', which another request sent at"
                    + " the same moment, and was skipped as a retry (give each call its own messageId)"));
        }
        assertEquals(accepted == 1 ? "group ACC-X same-1" : "group ACC-Y same-1|track ACC-Y same-2",
                data.single(tenant, "select string_agg(concat_ws(' ', kind, account_id, message_id), '|'"
                        + " order by message_id) from feed_event"));
    }

    @Test
    void aMessageIdCountsAgainOnceItsRetryWindowHasPassedThoughTheTenantSentNothingSince() throws SQLException {
        String tenant = tenants.create("quiet");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String event = "{\"batch\":[" + track("q-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z") + "]}";
        String sum = "select coalesce(sum(events), 0) from product_usage";
        send(secret, event).then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("1", await(() -> data.single(tenant, sum), "1"));
        // a retry within the window is answered alike and stages nothing
        send(secret, event).then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("1", data.single(tenant, "select count(*) from feed_event"));
        // a day and an hour later, with no round since (nothing else was sent), the id counts again
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement older = connection.prepareStatement("update feed_event"
                        + " set applied_at = applied_at - interval '25 hours' where tenant_id = ?")) {
            older.setString(1, tenant);
            assertEquals(1, older.executeUpdate());
        }
        send(secret, event).then().statusCode(200).body("accepted", equalTo(1));
        assertEquals("2", await(() -> data.single(tenant, sum), "2"));
    }

    @Test
    void requestsSharingMessageIdsInOppositeOrdersBothAnswer200AndEachEventCountsOnce() throws Exception {
        String tenant = tenants.create("opposite");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        int rounds = 3;
        int size = 300;
        for (int round = 0; round < rounds; round++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(track("r" + round + "-" + i, "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z"));
            }
            String forward = "{\"batch\":[" + String.join(",", events) + "]}";
            java.util.Collections.reverse(events);
            String backward = "{\"batch\":[" + String.join(",", events) + "]}";
            // a sender re-batching a retry while the first attempt is still on its way
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> send(secret, forward).statusCode());
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> send(secret, backward)
                    .statusCode());
            assertEquals(List.of(200, 200), List.of(first.get(60, TimeUnit.SECONDS),
                    second.get(60, TimeUnit.SECONDS)), "round " + round);
        }
        String total = String.valueOf(rounds * size);
        assertEquals(total, await(() -> data.single(tenant, "select coalesce(sum(events), 0) from product_usage"),
                total));
    }

    @Test
    void eventsStagedBeforeTheirTenantWasSuspendedWaitAndAreAppliedOnceItIsResumed() throws Exception {
        String tenant = tenants.create("suspended-feed");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        dueIn(tenant, "1 hour"); // no round until the tenant is suspended
        send(secret, "{\"batch\":[" + track("s-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z") + "]}")
                .then().statusCode(200).body("accepted", equalTo(1));
        tenants.status(tenant, "suspended");
        dueIn(tenant, "-1 hour");
        String due = "select count(*) from bw_tenants_with_feed_events(interval '1 second') t where t = '" + tenant
                + "'";
        assertEquals("0", data.single(tenant, due));
        // a round that listed the tenant before it was suspended applies none of its events either
        assertEquals(0, TenantContext.call(tenant, () -> coalescer.apply(tenant)));
        Thread.sleep(3000); // three of the test profile's rounds
        assertEquals("1", data.single(tenant, "select count(*) from feed_event where applied_at is null"));
        assertEquals("0", data.single(tenant, "select count(*) from product_usage"));
        tenants.status(tenant, "active");
        assertEquals("1", data.single(tenant, due));
        assertEquals("2026-11-04 u1 Login 1", await(() -> usageRows(tenant), "2026-11-04 u1 Login 1"));
    }

    /** Makes {@code tenant}'s next feed round due {@code shift} from now (e.g. "1 hour", "-1 hour"). */
    static void dueIn(String tenant, String shift) throws SQLException {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into feed_state (tenant_id, applied_at) values ('" + tenant
                    + "', now() + interval '" + shift + "') on conflict (tenant_id) do update"
                    + " set applied_at = excluded.applied_at");
        }
    }

    @Test
    void eventsSentWhileTheirTenantIsDeletedAreRefusedNotStagedAndDoNotDeadlock() throws Exception {
        String tenant = tenants.create("gone");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        String event = track("g-1", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z");
        // the tenant is being deleted (its row locked first, its keys with it) when the request comes
        try (Connection deleting = DriverManager.getConnection(DatabaseBootstrap.jdbcUrl(), "postgres", "")) {
            deleting.setAutoCommit(false);
            try (Statement statement = deleting.createStatement()) {
                statement.execute("select bw_delete_tenant('" + tenant + "')");
            }
            CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(() -> send(secret, event).then()
                    .extract().statusCode());
            Thread.sleep(700);
            assertFalse(sent.isDone(), "the request waits for the deletion to end");
            deleting.commit();
            assertEquals(401, sent.get(30, TimeUnit.SECONDS));
        }
        try (Connection check = DatabaseBootstrap.superuserConnection();
                Statement statement = check.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from feed_event where tenant_id = '"
                        + tenant + "'")) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    /**
     * A request on its way when its tenant's deletion begins (held here at the key's last-used mark,
     * which another transaction has locked): the two take turns. The request locked the key first and
     * the deletion the tenant, so each waited for the other (40P01: a 500 or a failed deletion).
     */
    @Test
    void aRequestOnItsWayWhenItsTenantIsDeletedTakesTurnsWithIt() throws Exception {
        String tenant = tenants.create("gone-busy");
        tenants.addAccount(tenant, "ACC-1", "Acme");
        String secret = key(tenant);
        CompletableFuture<Integer> sent;
        CompletableFuture<Void> deleted;
        try (Connection holder = DatabaseBootstrap.superuserConnection();
                Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            hold.execute("select 1 from ingest_key where tenant_id = '" + tenant + "' for no key update");
            sent = CompletableFuture.supplyAsync(() -> send(secret, track("b-1", "ACC-1", "u1", "Login",
                    "2026-11-04T12:00:00Z")).then().extract().statusCode());
            awaitWaiting(hold, 1);
            deleted = CompletableFuture.runAsync(() -> {
                try (Connection operator = DatabaseBootstrap.superuserConnection();
                        Statement delete = operator.createStatement()) {
                    delete.execute("select bw_delete_tenant('" + tenant + "')");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaiting(hold, 2);
            holder.commit();
        }
        assertEquals(200, sent.get(30, TimeUnit.SECONDS), "accepted before the deletion, then deleted with it");
        deleted.get(30, TimeUnit.SECONDS);
        send(secret, track("b-2", "ACC-1", "u1", "Login", "2026-11-04T12:00:00Z")).then().statusCode(401);
    }

    /** Waits until {@code count} other sessions wait for a lock. */
    private static void awaitWaiting(Statement statement, int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            try (ResultSet rows = statement.executeQuery("select count(distinct pid) from pg_locks where not granted"
                    + " and pid <> pg_backend_pid()")) {
                rows.next();
                if (rows.getInt(1) >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(count + " sessions never waited for a lock");
    }

    private String key(String tenant) {
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"Segment\"}")
                .post("/api/v1/admin/ingest-keys").then().statusCode(201).extract().path("secret");
    }

    private static Response send(String secret, String body) {
        return given().auth().preemptive().basic(secret, "").contentType(ContentType.JSON).body(body)
                .post("/api/v1/events");
    }

    private static Response sendBytes(String secret, String encoding, byte[] body) {
        return given().auth().preemptive().basic(secret, "").contentType(ContentType.JSON)
                .header("Content-Encoding", encoding).body(body).post("/api/v1/events");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String track(String messageId, String account, String user, String feature, String timestamp) {
        return "{\"type\":\"track\"," + (messageId == null ? "" : "\"messageId\":\"" + messageId + "\",")
                + "\"userId\":\"" + user + "\",\"event\":\"" + feature + "\",\"context\":{\"groupId\":\"" + account
                + "\"},\"timestamp\":\"" + timestamp + "\"}";
    }

    private String usageRows(String tenant) {
        return data.single(tenant, "select string_agg(concat_ws(' ', day, user_id, feature, events), '|'"
                + " order by day, user_id, feature)"
                + " from product_usage");
    }
}
