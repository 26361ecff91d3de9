package dev.bellwether.notify;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantRegistry;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Mailbox;
import dev.bellwether.testing.Polling;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

/**
 * The one-click unsubscribe link of the digest and the alert emails, from the email the SMTP server received (its
 * {@code List-Unsubscribe} header and its footer) to the reader's settings: without signing in, a GET only asks, a
 * POST (the page's button, or a mail program's RFC 8058 one-click) switches that kind of email off and nothing
 * else; a link changed by one character does nothing.
 */
@QuarkusTest
class UnsubscribeTest {

    static final String CHLOE = "chloe.martin@bellwether.example";
    static final String SUSPENDED = "unsub-paused";

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    UnsubscribeLinks links;

    private final Mailbox mailbox = new Mailbox();

    @BeforeEach
    void startMail() {
        mailbox.start();
    }

    @AfterEach
    void stopMail() {
        mailbox.stop();
    }

    @Test
    void anAlertEmailsLinkSwitchesOffAlertEmailsOnlyWithOneClick() throws Exception {
        String tenant = tenants.create("unsub-alert");
        chloeChoosesAndTheSampleLoads(tenant, "{\"digest\":\"daily\",\"immediate\":[\"at-risk\"]}");
        MimeMessage email = only(mailbox.to(CHLOE));
        assertEquals("2 new alerts in Bellwether", Mailbox.subject(email));
        String link = unsubscribeHeader(email);
        assertEquals(link(tenant, OutboxKind.ALERT), link);
        assertEquals(List.of("List-Unsubscribe=One-Click"), List.of(email.getHeader("List-Unsubscribe-Post")));
        String text = Mailbox.part(email, "text/plain");
        assertTrue(text.strip().endsWith("\nUnsubscribe from alert emails: " + link), text);
        assertTrue(Mailbox.part(email, "text/html")
                .contains("<a href=\"" + link + "\">unsubscribe from alert emails</a>"));
        String path = URI.create(link).getPath();

        // opening the link (a person, or a mail scanner) only asks
        given().redirects().follow(false).get(path).then().statusCode(200)
                .body(containsString("Unsubscribe from emails about new alerts?"))
                .body(containsString("<strong>" + CHLOE + "</strong> for "
                        + TenantRegistry.defaultDisplayName(tenant)));
        assertEquals("daily|at-risk", chloesSettings(tenant));

        // a mail program's one-click: a POST without a session or a form token
        given().redirects().follow(false).contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click")
                .post(path).then().statusCode(200).body(containsString("You are unsubscribed"))
                .body(containsString(CHLOE + "</strong> gets no more emails about new alerts from Bellwether"));
        assertEquals("daily|", chloesSettings(tenant), "the digest stays");
        assertEquals("Notification settings: digest daily, immediate none (the unsubscribe link of an email)",
                data.single(tenant, "select summary from audit_event where actor = 'chloe' order by id desc limit 1"));
        // once more (a second click, a mail program posting multipart and accepting JSON only): nothing more to
        // change, nothing more written; a larger body than a one-click's is refused before it is read
        String audited = data.single(tenant, "select count(*) from audit_event");
        given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click").post(path).then().statusCode(200);
        given().accept(ContentType.JSON).multiPart("List-Unsubscribe", "One-Click").post(path).then().statusCode(200)
                .contentType(ContentType.HTML).body(containsString("You are unsubscribed"));
        given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click&x=" + "y".repeat(5000)).post(path)
                .then().statusCode(413);
        assertEquals(audited, data.single(tenant, "select count(*) from audit_event"));
        assertEquals("daily|", chloesSettings(tenant));
    }

    @Test
    void aDigestsLinkSwitchesOffTheDigestOnlyFromThePagesButton() throws Exception {
        String tenant = tenants.create("unsub-digest");
        String ada = chloeChoosesAndTheSampleLoads(tenant, "{\"digest\":\"weekly\",\"immediate\":[]}");
        given().auth().oauth2(ada).post("/api/v1/admin/digests/run").then().statusCode(202);
        awaitOutboxSent(tenant);
        MimeMessage digest = only(mailbox.to(CHLOE));
        assertTrue(Mailbox.subject(digest).startsWith("Your weekly Bellwether digest, "), Mailbox.subject(digest));
        String link = unsubscribeHeader(digest);
        assertEquals(link(tenant, OutboxKind.DIGEST), link);
        String text = Mailbox.part(digest, "text/plain");
        assertTrue(text.strip().endsWith("\nUnsubscribe from digests: " + link), text);
        // she chose alert emails since: the digest's link leaves them
        given().auth().oauth2(FakeKeycloak.accessToken("chloe", tenant, CHLOE, true, "csm"))
                .contentType(ContentType.JSON).body("{\"digest\":\"weekly\",\"immediate\":[\"detractor\"]}")
                .put("/api/v1/me/notifications").then().statusCode(200);

        String path = URI.create(link).getPath();
        given().get(path).then().statusCode(200).body(containsString("Unsubscribe from digest emails?"))
                .body(containsString("<form method=\"post\">"));
        given().contentType(ContentType.URLENC).formParam("nothing", "").post(path).then().statusCode(200)
                .body(containsString("gets no more digest emails from Bellwether for "
                        + TenantRegistry.defaultDisplayName(tenant) + "."));
        assertEquals("off|detractor", chloesSettings(tenant));
    }

    @Test
    void aLinkChangedOrMadeUpDoesNothing() throws Exception {
        String tenant = tenants.create("unsub-forged");
        String ada = chloeChoosesAndTheSampleLoads(tenant, "{\"digest\":\"daily\",\"immediate\":[\"at-risk\"]}");
        String elsewhere = tenants.create("unsub-elsewhere"); // chloe's address in another organisation too
        chloeChooses(elsewhere, "{\"digest\":\"daily\",\"immediate\":[\"at-risk\"]}");
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"digest\":\"daily\",\"immediate\":[\"detractor\"]}").put("/api/v1/me/notifications").then()
                .statusCode(200);
        String adaEmail = "ada@" + tenant + ".example";
        String chloes = URI.create(link(tenant, OutboxKind.DIGEST)).getPath();
        String token = chloes.substring("/unsubscribe/".length());
        String signature = token.substring(token.lastIndexOf('.'));
        String created = new String(Base64.getUrlDecoder().decode(token.substring(0, token.lastIndexOf('.'))),
                StandardCharsets.UTF_8).split("\n")[1];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        List<String> forged = List.of(
                // chloe's signature on ada's address, on the other organisation, on the alert emails
                encoded(tenant + "\n" + created + "\ndigest\n" + adaEmail) + signature,
                encoded(elsewhere + "\n" + created + "\ndigest\n" + CHLOE) + signature,
                encoded(tenant + "\n" + created + "\nalert\n" + CHLOE) + signature,
                // one character of the signature changed; its last one written otherwise (the bits base64 leaves
                // unused: it decodes alike); no signature; a webhook; nothing like a token
                token.substring(0, token.length() - signature.length() + 1)
                        + (signature.charAt(1) == 'A' ? 'B' : 'A') + signature.substring(2),
                token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1),
                token.substring(0, token.lastIndexOf('.')),
                encoded(tenant + "\n" + created + "\nwebhook\n" + CHLOE) + signature,
                "not-a-token", "a.b");
        for (String bad : forged) {
            given().get("/unsubscribe/" + bad).then().statusCode(404)
                    .body(containsString("This unsubscribe link is not valid")).body(not(containsString(CHLOE)));
            given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click").post("/unsubscribe/" + bad)
                    .then().statusCode(404).body(containsString("This unsubscribe link is not valid"));
        }
        assertEquals("daily|at-risk", chloesSettings(tenant));
        assertEquals("daily|detractor", data.single(tenant,
                "select digest || '|' || array_to_string(immediate, ',') from notification_setting"
                        + " where username = 'ada'"));
        // the genuine link still works, in its own organisation alone
        given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click").post(chloes).then().statusCode(200);
        assertEquals("off|at-risk", chloesSettings(tenant));
        assertEquals("daily|at-risk", chloesSettings(elsewhere));

        // the organisation deleted and another given its id: the old link does nothing there
        chloeChooses(tenant, "{\"digest\":\"daily\",\"immediate\":[\"at-risk\"]}");
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update tenant set created_at = created_at + interval '1 day' where id = '" + tenant
                    + "'");
        }
        given().get(chloes).then().statusCode(404).body(containsString("This unsubscribe link is not valid"));
        given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click").post(chloes).then().statusCode(404);
        assertEquals("daily|at-risk", chloesSettings(tenant));
    }

    /**
     * Opened in a browser signed in as someone else, here the platform operator (no tenant) or a user of a tenant
     * that is suspended: the link acts on its own address all the same, without a form token.
     */
    @Test
    @TestSecurity(user = "otto", roles = "operator")
    void aLinkWorksInABrowserSignedInAsTheOperator() {
        String tenant = tenants.create("unsub-otto");
        chloeChooses(tenant, "{\"digest\":\"daily\",\"immediate\":[\"at-risk\"]}");
        String path = URI.create(link(tenant, OutboxKind.DIGEST)).getPath();
        given().get(path).then().statusCode(200).body(containsString("Unsubscribe from digest emails?"));
        given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click").post(path).then().statusCode(200)
                .body(containsString("You are unsubscribed"));
        assertEquals("off|at-risk", chloesSettings(tenant));
    }

    @Test
    @TestSecurity(user = "sue", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = SUSPENDED))
    void aLinkWorksInABrowserSignedInToASuspendedTenant() throws Exception {
        tenants.ensure(SUSPENDED);
        String tenant = tenants.create("unsub-sue");
        chloeChooses(tenant, "{\"digest\":\"weekly\",\"immediate\":[\"at-risk\"]}");
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update tenant set status = 'suspended' where id = '" + SUSPENDED + "'");
        }
        try {
            given().get("/executive").then().statusCode(403);
            String path = URI.create(link(tenant, OutboxKind.ALERT)).getPath();
            // nor a way into the tenant the user is refused: only Sign out, as on a refusal
            given().contentType(ContentType.URLENC).body("List-Unsubscribe=One-Click").post(path).then()
                    .statusCode(200).body(containsString("You are unsubscribed"))
                    .body(not(containsString("class=\"mainnav\""))).body(containsString("action=\"/logout\""));
            assertEquals("weekly|", chloesSettings(tenant));
        } finally {
            try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                    java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("update tenant set status = 'active' where id = '" + SUSPENDED + "'");
            }
        }
    }

    private static void chloeChooses(String tenant, String settings) {
        given().auth().oauth2(FakeKeycloak.accessToken("chloe", tenant, CHLOE, true, "csm"))
                .contentType(ContentType.JSON).body(settings).put("/api/v1/me/notifications").then().statusCode(200);
    }

    /** Chloe's unsubscribe link of {@code kind} emails in {@code tenant}. */
    private String link(String tenant, OutboxKind kind) {
        Instant created = Instant.parse(data.single(tenant, "select to_char(created_at at time zone 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from tenant where id = '" + tenant + "'"));
        return links.url(tenant, created, kind, CHLOE);
    }

    private static String encoded(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Chloe (a CSM) saves {@code settings}; ada loads the sample; every email it caused goes. Answers ada's token. */
    private String chloeChoosesAndTheSampleLoads(String tenant, String settings) {
        String ada = FakeKeycloak.accessToken("ada", tenant, "admin");
        chloeChooses(tenant, settings);
        upload(ada, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        awaitOutboxSent(tenant);
        return ada;
    }

    private void awaitOutboxSent(String tenant) {
        assertEquals("0", Polling.await(Duration.ofSeconds(30), "0",
                () -> data.single(tenant, "select count(*) from outbox where status <> 'sent'")));
    }

    /** Chloe's digest and immediate rules, as {@code digest|rule,rule}. */
    private String chloesSettings(String tenant) {
        return data.single(tenant, "select digest || '|' || array_to_string(immediate, ',') from notification_setting"
                + " where username = 'chloe'");
    }

    private static String unsubscribeHeader(MimeMessage email) throws MessagingException {
        String[] header = email.getHeader("List-Unsubscribe");
        assertEquals(1, header.length);
        String value = MimeUtility.unfold(header[0]).strip();
        assertTrue(value.startsWith("<http://localhost:8080/unsubscribe/") && value.endsWith(">"), value);
        return value.substring(1, value.length() - 1);
    }

    private static MimeMessage only(List<MimeMessage> messages) {
        assertEquals(1, messages.size(), "emails received");
        return messages.get(0);
    }
}
