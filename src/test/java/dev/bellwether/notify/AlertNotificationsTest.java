package dev.bellwether.notify;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantRegistry;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Mailbox;
import dev.bellwether.testing.Polling;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import dev.bellwether.testing.WebhookReceiver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * From a recalculation's new alerts to the SMTP server and the webhook, and the digest with its
 * sections: through the real outbox worker, a real SMTP server (GreenMail) and a real HTTP server.
 */
@QuarkusTest
class AlertNotificationsTest {

    static final String CHLOE = "chloe.martin@bellwether.example";

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    Database database;

    @Inject
    WebhookGuard guard;

    @Inject
    AlertNotifications notifications;

    @Inject
    Clock clock;

    @Inject
    Digests digests;

    @Inject
    TenantRegistry registry;

    @Inject
    javax.sql.DataSource dataSource;

    private final Mailbox mailbox = new Mailbox();
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private WebhookReceiver hook;

    @BeforeEach
    void servers() throws Exception {
        mailbox.start();
        hook = WebhookReceiver.start(204,
                exchange -> posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        guard.allowPrivate(true);
    }

    @AfterEach
    void stopServers() {
        guard.allowPrivate(false);
        hook.close();
        mailbox.stop();
    }

    private static List<String> bullets(String text) {
        return text.lines().filter(line -> line.startsWith("• ")).toList();
    }

    private static long alertId(String token, String account) {
        return given().auth().oauth2(token).get("/api/v1/alerts?rule=at-risk&account=" + account).then().extract()
                .jsonPath().getLong("[0].id");
    }

    @Test
    void anAlertStampedBeforeADigestButCommittedAfterItIsInTheNextDigest() throws Exception {
        String tenant = tenants.create("notify-cut");
        String ada = chloesFirstDailyDigest(tenant);
        String rule = data.single(tenant, """
                select r from unnest(array['at-risk', 'health-drop', 'usage-decline', 'detractor', 'renewal-risk',
                                           'no-contact']) r
                where not exists (select 1 from alert where account_id = 'ACC-00019' and rule = r
                                  and status <> 'resolved') order by r limit 1""");

        // a recalculation's save stamps an alert with the start of its transaction, and commits seconds later
        try (java.sql.Connection save = dataSource.getConnection();
                java.sql.Statement statement = save.createStatement()) {
            save.setAutoCommit(false);
            statement.execute("set app.tenant_id to '" + tenant + "'");
            statement.executeUpdate("insert into alert (tenant_id, id, account_id, rule, detail, opened_month)"
                    + " select tenant_id, max(id) + 1, 'ACC-00019', '" + rule + "', 'Committed late',"
                    + " date_trunc('month', now()) from alert where tenant_id = '" + tenant + "' group by tenant_id");
            nextDay(tenant);
            runDigests(ada, tenant); // does not see it yet
            save.commit();
        }
        nextDay(tenant);
        runDigests(ada, tenant);
        String last = chloesLastDigest();
        assertTrue(last.contains("\nNew alerts (1)\n") && last.contains("(ACC-00019): Committed late"), last);
    }

    /**
     * The next digest's new alerts, every open alert opened twenty days ago but one, opened {@code ago}. Mornings
     * without a digest run (a restart at 07:00, a failed run; the previous digest 3 days ago) lose no alert: the
     * next one has them; after a month without one it lists only the day before.
     */
    @ParameterizedTest(name = "previous digest {1} days ago, one alert opened {2} ago")
    @CsvSource({ "notify-missed, 3, 2 days, Opened two days ago", "notify-pause, 30, 1 hour, Opened lately" })
    void aDigestListsEverythingSinceThePreviousOneButAMonthBackOnlyTheDayBefore(String name, int days, String ago,
            String detail) throws Exception {
        String tenant = tenants.create(name);
        String ada = chloesFirstDailyDigest(tenant);
        agePreviousDigest(tenant, days, ago, detail);
        runDigests(ada, tenant);
        String last = chloesLastDigest();
        assertTrue(last.contains("\nNew alerts (1)\n") && last.contains("(ACC-00019): " + detail), last);
    }

    /** A digest switched off and on again starts afresh: the day before, not everything since the last one. */
    @Test
    void aDigestSwitchedOffAndOnAgainListsOnlyTheDayBefore() throws Exception {
        String tenant = tenants.create("notify-again");
        String ada = chloesFirstDailyDigest(tenant);
        agePreviousDigest(tenant, 3, "2 days", "Opened two days ago");
        chloeChooses(tenant, "off", "daily");
        // moved up to where the next run would start: a digest sent before that run (by hand) starts there too
        Instant start = DigestRuns.nextDay("0 0 7 * * ?", Instant.now()).minusDays(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        assertEquals("true", data.single(tenant, "select (last_digest_at = timestamptz '" + start + "')::text from"
                + " notification_setting"), "its next digest counts the day before its run");
        int before = mailbox.to(CHLOE).size();
        runDigests(ada, tenant);
        // no alert opened the day before: a digest for the other sections (renewals, bands) lists none
        if (mailbox.to(CHLOE).size() > before) {
            String last = chloesLastDigest();
            assertFalse(last.contains("\nNew alerts (") || last.contains("Opened two days ago"), last);
        }
    }

    /**
     * Yesterday's digest went, today's run skipped it (switched off), and it is switched on again: the next digest
     * goes at the next morning run, so it covers the day before that one. Once today's run has gone (07:00 UTC, as
     * in the tests), that is tomorrow's: yesterday's digest is forgotten, and tomorrow's covers today only (it
     * covered two days: from yesterday's digest on).
     */
    @Test
    void aDigestSwitchedOnAfterTheMorningRunItMissedStartsAtTheNextRun() throws Exception {
        String tenant = tenants.create("notify-missed");
        chloesFirstDailyDigest(tenant);
        agePreviousDigest(tenant, 1, "1 hour", "Opened an hour ago");
        String yesterdays = data.single(tenant, "select last_digest_at::text from notification_setting");
        chloeChooses(tenant, "off", "daily");
        Instant now = Instant.now();
        boolean todaysRunWent = !now.isBefore(Clocks.today(clock).atTime(7, 0).toInstant(ZoneOffset.UTC));
        assertEquals(DigestRuns.nextDay("0 0 7 * * ?", now), Clocks.today(clock).plusDays(todaysRunWent ? 1 : 0));
        // tomorrow's starts at today's midnight, so a digest sent by hand today repeats nothing yesterday's had
        String midnight = Clocks.today(clock).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        assertEquals("true", data.single(tenant, "select (last_digest_at = " + (todaysRunWent
                ? "timestamptz '" + midnight + "'" : "timestamptz '" + yesterdays + "'") + ")::text from"
                + " notification_setting"),
                "yesterday's digest is where today's run would start; tomorrow's starts at today's midnight");
    }

    /** Switched off and on within the day of a digest: the next one repeats nothing that one had. */
    @Test
    void aDigestSwitchedOffAndOnAfterTodaysRepeatsNothingOfIt() {
        String tenant = tenants.create("notify-blink");
        chloesFirstDailyDigest(tenant);
        String sent = data.single(tenant, "select last_digest_at::text from notification_setting");
        chloeChooses(tenant, "off", "weekly", "off", "daily");
        assertEquals(sent, data.single(tenant, "select last_digest_at::text from notification_setting"),
                "tomorrow's digest starts where today's ended, not at today's midnight");
    }

    /**
     * The morning's scheduled run names the organisation as the operator named it, though nobody of it has
     * signed in since the app started (the registry's cache is empty then).
     */
    @Test
    void aScheduledDigestNamesTheOrganisationWithoutItsUsersSignedIn() throws Exception {
        String tenant = tenants.create("notify-named");
        chloesFirstDailyDigest(tenant);
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update tenant set display_name = 'Northwind Traders' where id = '" + tenant + "'");
        }
        registry.forget(tenant); // as after a restart
        nextDay(tenant);
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.update("""
                insert into task (tenant_id, id, account_id, title, due_date, assignee_email, status, created_by)
                values (?, gen_random_uuid(), 'ACC-00019', 'Call the sponsor', ?, ?, 'open', 'test')""",
                tenant, Clocks.today(clock).minusDays(1), CHLOE)));
        int queued = TenantContext.call(tenant, () -> digests.queueDue(tenant));
        assertEquals(1, queued);
        assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                () -> data.single(tenant, "select count(*) from outbox where status <> 'sent'")));
        List<MimeMessage> sent = mailbox.to(CHLOE).stream()
                .filter(m -> Mailbox.subject(m).startsWith("Your Bellwether digest")).toList();
        String last = Mailbox.subject(sent.get(sent.size() - 1));
        assertTrue(last.endsWith(" · Northwind Traders"), last);
        assertTrue(chloesLastDigest().startsWith("Hello chloe Test, here is what needs you at Northwind Traders."));
    }

    /** Chloe saves her digest as each of {@code digests} in turn, with no immediate alert. */
    private static void chloeChooses(String tenant, String... digests) {
        String chloe = FakeKeycloak.accessToken("chloe", tenant, CHLOE, true, "csm");
        for (String digest : digests) {
            given().auth().oauth2(chloe).contentType(ContentType.JSON)
                    .body("{\"digest\":\"" + digest + "\",\"immediate\":[]}").put("/api/v1/me/notifications").then()
                    .statusCode(200);
        }
    }

    /**
     * The previous digest {@code days} days ago, every open alert opened twenty days ago but one of ACC-00019's,
     * opened {@code ago} (an interval) and saying {@code detail}.
     */
    private static void agePreviousDigest(String tenant, int days, String ago, String detail) throws Exception {
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update notification_setting set last_digest_on = last_digest_on - " + days
                    + ", last_digest_at = last_digest_at - interval '" + days + " days' where tenant_id = '" + tenant
                    + "'");
            st.executeUpdate("update alert set opened_at = now() - interval '20 days' where tenant_id = '" + tenant
                    + "' and status <> 'resolved'");
            st.executeUpdate("update alert set opened_at = now() - interval '" + ago + "', detail = '" + detail
                    + "' where tenant_id = '" + tenant + "' and id = (select min(id) from alert where tenant_id = '"
                    + tenant + "' and status <> 'resolved' and account_id = 'ACC-00019')");
        }
    }

    /**
     * Chloe (a CSM) chooses a daily digest, ada loads the sample into {@code tenant} and the first digest goes
     * out; answers ada's token.
     */
    private String chloesFirstDailyDigest(String tenant) {
        String chloe = FakeKeycloak.accessToken("chloe", tenant, CHLOE, true, "csm");
        String ada = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(chloe).contentType(ContentType.JSON).body("{\"digest\":\"daily\",\"immediate\":[]}")
                .put("/api/v1/me/notifications").then().statusCode(200);
        upload(ada, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        runDigests(ada, tenant);
        return ada;
    }

    /** The text of the last digest Chloe received. */
    private String chloesLastDigest() {
        List<MimeMessage> digests = mailbox.to(CHLOE).stream()
                .filter(m -> Mailbox.subject(m).startsWith("Your Bellwether digest")).toList();
        return Mailbox.part(digests.get(digests.size() - 1), "text/plain");
    }

    /** Queues the tenant's due digests and waits until the outbox has sent them. */
    private void runDigests(String admin, String tenant) {
        given().auth().oauth2(admin).post("/api/v1/admin/digests/run").then().statusCode(202);
        assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                () -> data.single(tenant, "select count(*) from outbox where status <> 'sent'")));
    }

    /** Makes the daily digests of the tenant due again, as on the next morning. */
    private static void nextDay(String tenant) throws java.sql.SQLException {
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update notification_setting set last_digest_on = last_digest_on - 1 where tenant_id = '"
                    + tenant + "'");
        }
    }

    @Test
    void anImmediateEmailListsFiftyAlertsAndCountsTheRest() {
        List<AlertNotifications.NewAlert> alerts = new java.util.ArrayList<>();
        for (int i = 1; i <= 1_200; i++) {
            alerts.add(new AlertNotifications.NewAlert(new dev.bellwether.alerts.AlertsOpened.Opened(i,
                    String.format("ACC-%05d", i), dev.bellwether.alerts.AlertRule.AT_RISK, "Health 30 is at risk"),
                    "Account " + i, CHLOE));
        }
        Outbox.Message email = notifications.email(CHLOE, alerts, "http://localhost:8080/unsubscribe/x.y");
        assertEquals("1,200 new alerts in Bellwether", email.subject()); // grouped, as the digest's counts
        assertEquals(50, bullets(email.body()).size());
        assertTrue(bullets(email.body()).get(49).contains("(ACC-00050)"), email.body());
        assertTrue(email.body().contains(
                "\n… and 1,150 more on your work list in Bellwether: http://localhost:8080/csm\n"), email.body());
        assertTrue(email.html().contains("<a href=\"http://localhost:8080/csm\">… and 1,150 more on your work list"
                + " in Bellwether</a>"), email.html());
        assertTrue(email.body().length() < 10_000, "bounded: " + email.body().length());
    }

    @Test
    void messagesQueuedForAWebhookSwitchedOffSinceAreNotSentNorTriedAgain() throws Exception {
        String tenant = tenants.create("notify-off");
        String ada = FakeKeycloak.accessToken("ada", tenant, "admin");
        List<String> refused = new CopyOnWriteArrayList<>();
        try (WebhookReceiver failing = WebhookReceiver.start(503, exchange -> refused.add("call"))) {
            String webhook = "{\"url\":\"" + failing.url() + "/hook\",\"events\":[\"at-risk\"],\"enabled\":";
            given().auth().oauth2(ada).contentType(ContentType.JSON).body(webhook + "true}")
                    .put("/api/v1/admin/webhook").then().statusCode(200);
            upload(ada, SAMPLE.resolve("all.zip")).then().statusCode(201);
            recalculations.awaitIdle(tenant);
            Polling.await(Duration.ofSeconds(30), true, () -> !refused.isEmpty());
            given().auth().oauth2(ada).contentType(ContentType.JSON).body(webhook + "false}")
                    .put("/api/v1/admin/webhook").then().statusCode(200);
            // the messages still waiting for another try are dropped when their turn comes, with the reason
            assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                    () -> data.single(tenant, "select count(*) from outbox where status = 'pending'")));
            int calls = refused.size();
            given().auth().oauth2(ada).get("/api/v1/admin/outbox?status=failed").then().statusCode(200)
                    .body("size()", equalTo(Integer.parseInt(data.single(tenant, "select count(*) from alert"
                            + " where rule = 'at-risk'"))))
                    .body("lastError.unique()", equalTo(List.of(OutboxWorker.NOT_SENT_WEBHOOK_CHANGED)));
            // "Send again" does not reach the old address either
            String id = given().auth().oauth2(ada).get("/api/v1/admin/outbox?status=failed").then().extract()
                    .path("[0].id");
            data.single(tenant, "with x as (update outbox set status = 'pending', next_attempt_at = now()"
                    + " where id = '" + id + "' returning 1) select count(*) from x");
            assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                    () -> data.single(tenant, "select count(*) from outbox where status = 'pending'")));
            assertEquals(calls, refused.size(), "no call after the webhook was switched off");
        }
    }

    @Test
    void newAlertsReachTheirReadersAndTheWebhookOnceAndTheDigestHasItsSections() throws Exception {
        String tenant = tenants.create("notify");
        String chloe = FakeKeycloak.accessToken("chloe", tenant, CHLOE, true, "csm");
        String ada = FakeKeycloak.accessToken("ada", tenant, "admin");
        String adaEmail = "ada@" + tenant + ".example";
        given().auth().oauth2(chloe).contentType(ContentType.JSON)
                .body("{\"digest\":\"daily\",\"immediate\":[\"at-risk\"]}")
                .put("/api/v1/me/notifications").then().statusCode(200);
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"digest\":\"off\",\"immediate\":[\"detractor\"]}")
                .put("/api/v1/me/notifications").then().statusCode(200);
        // a member of the organisation without a Bellwether role (demoted) reads nothing, so is sent nothing:
        // neither an alert of the accounts whose CSM they were, nor a digest
        String lars = "lars.nielsen@bellwether.example"; // the CSM of ACC-00012, a detractor in the sample
        // (what they chose while they had a role stays; without one, nothing more is taken)
        given().auth().oauth2(FakeKeycloak.accessToken("lars", tenant, lars, true)).contentType(ContentType.JSON)
                .body("{\"digest\":\"daily\",\"immediate\":[\"at-risk\",\"detractor\"]}")
                .put("/api/v1/me/notifications").then().statusCode(422);
        data.single(tenant, "with x as (insert into tenant_user (tenant_id, username, email, roles) values ('" + tenant
                + "', 'lars', '" + lars + "', '{}') on conflict (tenant_id, username) do update set roles = '{}'"
                + " returning 1), s as (insert into notification_setting (tenant_id, username, digest, immediate)"
                + " values ('" + tenant + "', 'lars', 'daily', '{at-risk,detractor}') returning 1)"
                + " select (select count(*) from x) + (select count(*) from s)");
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"url\":\"" + hook.url() + "/hook\",\"events\":[\"at-risk\"],"
                        + "\"enabled\":true}")
                .put("/api/v1/admin/webhook").then().statusCode(200);

        upload(ada, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        List<String> atRisk = given().auth().oauth2(ada).get("/api/v1/alerts?rule=at-risk").then().extract()
                .jsonPath().getList("accountId", String.class);
        String queued = data.single(tenant, "select count(*) from outbox");
        assertEquals(String.valueOf(atRisk.size() + 2), queued, "one webhook call per at-risk alert, two emails");
        assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                () -> data.single(tenant, "select count(*) from outbox where status <> 'sent'")));

        assertEquals(List.of(), mailbox.to(lars), "no role, no alerts");
        List<MimeMessage> toChloe = mailbox.to(CHLOE);
        assertEquals(1, toChloe.size());
        assertEquals("2 new alerts in Bellwether", Mailbox.subject(toChloe.get(0)));
        String text = Mailbox.part(toChloe.get(0), "text/plain");
        assertEquals(List.of(
                "• At risk — Åkesson Studios Inc. (ACC-00019): Health 38.5 is in the at-risk band",
                "• At risk — Lighthouse Capital LLC (ACC-00057): Health 35.7 is in the at-risk band"),
                bullets(text), "chloe's book: the at-risk alerts of her accounts only");
        assertTrue(text.contains("  http://localhost:8080/accounts/ACC-00019\n"), text);
        List<MimeMessage> toAda = mailbox.to(adaEmail);
        assertEquals(1, toAda.size());
        assertEquals(List.of("ACC-00012", "ACC-00013", "ACC-00023", "ACC-00048", "ACC-00057"),
                bullets(Mailbox.part(toAda.get(0), "text/plain")).stream()
                        .peek(line -> assertTrue(line.startsWith("• Detractor — "), line))
                        .map(line -> line.replaceAll(".*\\((ACC-\\d+)\\).*", "$1")).toList(),
                "an admin follows every account");
        assertEquals(atRisk.size(), posts.size());
        assertTrue(posts.contains("{\"text\":\"*At risk*: Åkesson Studios Inc. (ACC-00019) — Health 38.5 is in the"
                + " at-risk band <http://localhost:8080/accounts/ACC-00019|Open in Bellwether>\",\"alert\":{\"id\":"
                + alertId(ada, "ACC-00019") + ",\"rule\":\"at-risk\",\"accountId\":\"ACC-00019\","
                + "\"accountName\":\"Åkesson Studios Inc.\",\"detail\":\"Health 38.5 is in the at-risk band\"}}"),
                posts.toString());
        assertTrue(posts.stream().allMatch(p -> p.startsWith("{\"text\":\"*At risk*: ")), posts.toString());

        // the same data again opens no alert, so nothing new is queued
        upload(ada, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        assertEquals(queued, data.single(tenant, "select count(*) from outbox"));

        // the digest: chloe's new alerts, her renewal in ten days, her accounts that changed band
        LocalDate renews = Clocks.today(clock).plusDays(10);
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.update("""
                insert into account (tenant_id, account_id, name, csm_email, customer_since, renewal_date)
                values (?, 'ACC-RENEW', 'Renewing Soon & Co', ?, date '2025-01-01', ?)""", tenant, CHLOE, renews)));
        LocalDate today = Clocks.today(clock);
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            String insert = """
                    insert into task (tenant_id, id, account_id, title, due_date, assignee_email, status, done_at,
                                      created_by)
                    values (?, gen_random_uuid(), ?, ?, ?, ?, ?, ?, 'test')""";
            database.update(insert, tenant, "ACC-00019", "Call the sponsor", today.minusDays(2), CHLOE, "open", null);
            database.update(insert, tenant, "ACC-00057", "Send the QBR deck", today.plusDays(3), CHLOE, "open", null);
            database.update(insert, tenant, "ACC-00057", "Prepare the renewal", today.plusDays(1), CHLOE, "open",
                    null);
            database.update(insert, tenant, "ACC-00057", "Plan next year", today.plusDays(20), CHLOE, "open", null);
            database.update(insert, tenant, "ACC-00019", "Already done", today.minusDays(1), CHLOE, "done",
                    java.sql.Timestamp.from(java.time.Instant.now()));
            database.update(insert, tenant, "ACC-00019", "Someone else's", today, "other@acme.example", "open", null);
            String owns = "insert into kpi_owner (tenant_id, metric, owner_email, cadence, reviewed_on, updated_by)"
                    + " values (?, ?, ?, ?, ?, 'test')";
            database.update(owns, tenant, "nrr", CHLOE, "weekly", today.minusDays(10));
            database.update(owns, tenant, "nps", CHLOE, "monthly", today.minusDays(3));
            database.update(owns, tenant, "grr", "other@acme.example", "weekly", today.minusDays(30));
        }));
        given().auth().oauth2(ada).post("/api/v1/admin/digests/run").then().statusCode(202)
                .body("queued", equalTo(1));
        assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                () -> data.single(tenant, "select count(*) from outbox where status <> 'sent'")));
        List<MimeMessage> digests = mailbox.to(CHLOE).stream()
                .filter(m -> Mailbox.subject(m).startsWith("Your Bellwether digest")).toList();
        assertEquals(1, digests.size());
        String digest = Mailbox.part(digests.get(0), "text/plain");
        assertTrue(digest.startsWith("Hello chloe Test, here is what needs you at "), digest);
        assertTrue(digest.contains("\nNew alerts (11)\n"), digest);
        assertTrue(digest.contains("• Renewal risk — Lighthouse Capital LLC (ACC-00057): Renews on 2026-11-19"),
                digest);
        assertTrue(digest.contains("""

                Your tasks due or overdue (3)
                -----------------------------
                • Overdue, was due %s: Call the sponsor — Åkesson Studios Inc. (ACC-00019)
                  http://localhost:8080/accounts/ACC-00019
                • Due tomorrow, %s: Prepare the renewal — Lighthouse Capital LLC (ACC-00057)
                  http://localhost:8080/accounts/ACC-00057
                • Due %s: Send the QBR deck — Lighthouse Capital LLC (ACC-00057)
                """.formatted(DigestSections.DAY.format(today.minusDays(2)),
                DigestSections.DAY.format(today.plusDays(1)), DigestSections.DAY.format(today.plusDays(3)))),
                digest);
        assertTrue(digest.contains("""

                KPI reviews overdue (1)
                -----------------------
                • Net revenue retention: the weekly review was due on %s
                """.formatted(DigestSections.DAY.format(today.minusDays(3)))), digest);
        assertTrue(digest.contains("\nRenewals in the next 30 days ("), digest);
        assertTrue(digest.contains("• Renewing Soon & Co (ACC-RENEW) renews on "
                + DigestSections.DAY.format(renews) + " (in 10 days)\n"), digest);
        assertTrue(digest.contains("""

                Accounts that changed band (4)
                ------------------------------
                • Lighthouse Capital LLC (ACC-00057): Needs attention → At risk
                  http://localhost:8080/accounts/ACC-00057
                • Þórsson ehf. (ACC-00026): Healthy → Needs attention
                  http://localhost:8080/accounts/ACC-00026
                • Société Générale de Logiciels, S.A. (ACC-00014): Needs attention → Healthy
                  http://localhost:8080/accounts/ACC-00014
                • Zürich Textiles S.A. (ACC-00041): At risk → Healthy
                """), digest);
        String html = Mailbox.part(digests.get(0), "text/html");
        assertTrue(html.contains("Renewing Soon &amp; Co (ACC-RENEW)"), html);
        given().auth().oauth2(ada).post("/api/v1/admin/digests/run").then().statusCode(202)
                .body("queued", equalTo(0));
    }
}
