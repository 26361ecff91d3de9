package dev.bellwether.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;

/** The notification pages: everyone's own settings, and the admins' outbox and webhook. */
@QuarkusTest
class NotificationPagesTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure(TENANT);
    }

    static final String TENANT = "notify-pages";

    @Inject
    TenantData data;

    @Test
    @TestSecurity(user = "nia", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = "nia@np.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aCsmChoosesADigestAndRulesOnTheSettingsPage() {
        given().get("/settings/notifications").then().statusCode(200)
                .body(containsString("at <strong>nia@np.example</strong>, about the accounts of your book"))
                .body(containsString("value=\"off\" checked"));
        PageClient.htmx("/settings/notifications").redirects().follow(false)
                .formParam("digest", "weekly").formParam("immediate", "at-risk").formParam("immediate", "no-contact")
                .post("/settings/notifications").then().statusCode(303);
        given().get("/settings/notifications").then().statusCode(200)
                .body(containsString("value=\"weekly\" checked"))
                .body(containsString("value=\"at-risk\" checked"))
                .body(containsString("value=\"no-contact\" checked"))
                .body(not(containsString("value=\"detractor\" checked")));
        PageClient.htmx("/settings/notifications").formParam("digest", "hourly")
                .post("/settings/notifications").then().statusCode(422)
                // the reason takes the keyboard (the banner only says nothing was saved), and the choices point at it,
                // so a screen reader reads it with them
                .body(containsString("<p id=\"notifications-error\" class=\"field-error\" tabindex=\"-1\" autofocus>"
                        + "Choose off, daily or weekly for the digest.</p>"))
                .body(containsString("<fieldset aria-describedby=\"notifications-error\">\n      <legend>Digest"));
        // a box naming no rule (a tampered or out-of-date form) is refused, not saved without it
        PageClient.htmx("/settings/notifications").formParam("digest", "daily").formParam("immediate", "at-risk")
                .formParam("immediate", "churn-risk").formParam("immediate", "detractor")
                .post("/settings/notifications").then().statusCode(422)
                .body(containsString("There is no alert rule called &quot;churn-risk&quot;: tick among at-risk,"))
                .body(containsString("value=\"at-risk\" checked"))
                .body(containsString("value=\"detractor\" checked")); // named after it, still ticked
        assertEquals("weekly:at-risk,no-contact", data.single(TENANT,
                "select digest || ':' || array_to_string(immediate, ',') from notification_setting"
                        + " where username = 'nia'"));
        given().get("/admin/outbox").then().statusCode(403);
        // no account names nia as CSM: the page says what her emails then hold, until an account does
        data.single(TENANT, "delete from account where lower(csm_email) = 'nia@np.example' returning 1");
        given().get("/settings/notifications").then().statusCode(200)
                .body(containsString("data-testid=\"no-book\">No account names you (nia@np.example) as its CSM"));
        data.single(TENANT, "with x as (insert into account (tenant_id, account_id, name, segment, customer_since,"
                + " csm_email) values ('" + TENANT + "', 'ACC-NIA', 'Nia Co', 'SMB', date '2025-01-01',"
                + " 'Nia@np.example') returning 1) select count(*) from x");
        given().get("/settings/notifications").then().statusCode(200).body(not(containsString("no-book")));
        data.single(TENANT, "delete from account where account_id = 'ACC-NIA' returning 1");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anAdminSeesTheOutboxAndCannotPointTheWebhookInside() {
        given().get("/admin/outbox").then().statusCode(200)
                .body(containsString("<h1>Outbox</h1>")).body(containsString("No message yet."));
        PageClient.htmx("/admin/outbox").formParam("url", "https://169.254.169.254/latest/meta-data/")
                .formParam("events", "at-risk").formParam("enabled", "on")
                .post("/admin/outbox/webhook").then().statusCode(422)
                .body(containsString("Nothing was saved: the webhook URL needs a fix."))
                .body(containsString("is a loopback, private or link-local address (169.254.169.254)"));
        assertEquals("0", data.single(TENANT, "select count(*) from webhook"));
        PageClient.htmx("/admin/outbox").formParam("url", "https://93.184.216.34/hooks/bellwether")
                .formParam("events", "detractor").formParam("events", "x".repeat(500)).formParam("enabled", "on")
                .post("/admin/outbox/webhook").then().statusCode(422)
                .body(containsString("Nothing was saved. There is no alert rule called &quot;" + "x".repeat(40)
                        + "…&quot;"));
        assertEquals("0", data.single(TENANT, "select count(*) from webhook"));
        PageClient.htmx("/admin/outbox").redirects().follow(false)
                .formParam("url", "https://93.184.216.34/hooks/bellwether").formParam("events", "detractor")
                .formParam("enabled", "on")
                .post("/admin/outbox/webhook").then().statusCode(303);
        given().get("/admin/outbox").then().statusCode(200)
                .body(containsString("value=\"https://93.184.216.34/hooks/bellwether\""))
                .body(containsString("value=\"detractor\" checked"))
                .body(containsString("<input type=\"hidden\" name=\"was.enabled\" value=\"true\">"));
        // two admins on the page: one switches the webhook off; the other, on the page as it was, ticks one more
        // rule and saves. The rule is added and the webhook stays off (the whole form switched it on again, unseen)
        PageClient.htmx("/admin/outbox").redirects().follow(false)
                .formParam("url", "https://93.184.216.34/hooks/bellwether").formParam("events", "detractor")
                .post("/admin/outbox/webhook").then().statusCode(303);
        PageClient.htmx("/admin/outbox").redirects().follow(false)
                .formParam("url", "https://93.184.216.34/hooks/bellwether").formParam("events", "detractor")
                .formParam("events", "at-risk").formParam("enabled", "on")
                .formParam("was.url", "https://93.184.216.34/hooks/bellwether").formParam("was.events", "detractor")
                .formParam("was.enabled", "true")
                .post("/admin/outbox/webhook").then().statusCode(303);
        assertEquals("false {at-risk,detractor}", data.single(TENANT, "select enabled || ' ' || events::text"
                + " from webhook"));
        // a field changed is saved: switched on by the one who opened it off
        PageClient.htmx("/admin/outbox").redirects().follow(false)
                .formParam("url", "https://93.184.216.34/hooks/bellwether").formParam("events", "detractor")
                .formParam("events", "at-risk").formParam("enabled", "on")
                .formParam("was.url", "https://93.184.216.34/hooks/bellwether").formParam("was.events", "detractor")
                .formParam("was.events", "at-risk").formParam("was.enabled", "false")
                .post("/admin/outbox/webhook").then().statusCode(303);
        assertEquals("true", data.single(TENANT, "select enabled::text from webhook"));
        // a private address typed on a page that showed the webhook off passes for an off webhook; switched on
        // meanwhile, the two together would be refused: nothing saved, said so
        PageClient.htmx("/admin/outbox").formParam("url", "https://10.1.2.3/hook").formParam("events", "detractor")
                .formParam("events", "at-risk").formParam("was.url", "https://93.184.216.34/hooks/bellwether")
                .formParam("was.events", "detractor").formParam("was.events", "at-risk")
                .formParam("was.enabled", "false")
                .post("/admin/outbox/webhook").then().statusCode(422)
                .body(containsString("another admin changed the webhook since you opened the page"))
                .body(containsString("is a loopback, private or link-local address (10.1.2.3)"));
        assertEquals("https://93.184.216.34/hooks/bellwether true", data.single(TENANT,
                "select url || ' ' || enabled from webhook"));
        // nobody reads a digest here: the page says none was due rather than that they are on their way
        PageClient.htmx("/admin/outbox").redirects().follow(false).post("/admin/outbox/digests")
                .then().statusCode(303).header("Location", containsString("/admin/outbox?done=no-digests"));
        given().get("/admin/outbox?done=no-digests").then().body(containsString("No digest was queued"));
        given().get("/admin/outbox?status=faild").then().statusCode(400)
                .body(containsString("There is no message status called &quot;faild&quot;"));
        // an empty tab says what it lacks; the rules read as the notifications page names them
        given().get("/admin/outbox?status=failed").then().statusCode(200)
                .body(containsString("<p class=\"muted\">No failed message.</p>"))
                .body(containsString("value=\"renewal-risk\"> Renewal risk</label>"));
        PageClient.htmx("/admin/outbox").post("/admin/outbox/" + java.util.UUID.randomUUID() + "/retry")
                .then().statusCode(404);
        // "Send again" on a message that is no longer failed (a double click, another admin): said, not a 404
        String sent = data.single(TENANT, "with x as (insert into outbox (tenant_id, recipient, kind, subject, body,"
                + " status) values ('" + TENANT + "', 'x@example.com', 'alert', 's', 'b', 'sent') returning id)"
                + " select id from x");
        PageClient.htmx("/admin/outbox").redirects().follow(false).post("/admin/outbox/" + sent + "/retry")
                .then().statusCode(303).header("Location", containsString("/admin/outbox?done=not-failed"));
        // clicked on the Failed tab, the answer goes back to it
        PageClient.htmx("/admin/outbox").redirects().follow(false).formParam("status", "failed")
                .post("/admin/outbox/" + sent + "/retry").then().statusCode(303)
                .header("Location", containsString("/admin/outbox?status=failed&done=not-failed"));
        // past the newest 200 the list says how many it leaves out
        data.single(TENANT, "with x as (insert into outbox (tenant_id, recipient, kind, subject, body, status)"
                + " select '" + TENANT + "', 'x@example.com', 'alert', 's' || n, 'b', 'sent'"
                + " from generate_series(1, 201) n returning 1) select count(*) from x");
        given().get("/admin/outbox?status=sent").then().body(containsString("data-testid=\"outbox-shown\">The 200"
                + " newest of 202 sent messages are shown."));
        data.single(TENANT, "with x as (delete from outbox where subject like 's%' and subject <> 's' returning 1)"
                + " select count(*) from x");
        assertEquals("sent", data.single(TENANT, "select status from outbox where id = '" + sent + "'"));

        // after an outage longer than a message's attempts: every failed one is queued again at once
        given().get("/admin/outbox").then().body(not(containsString("/admin/outbox/retry-failed")));
        PageClient.htmx("/admin/outbox").redirects().follow(false).post("/admin/outbox/retry-failed")
                .then().statusCode(303).header("Location", containsString("/admin/outbox?done=none-failed"));
        for (int i = 0; i < 3; i++) {
            // members: the worker, awake, must not drop them as sent to no one (it raced this test's count)
            data.single(TENANT, "insert into tenant_user (tenant_id, username, email, roles) values ('" + TENANT
                    + "', 'f" + i + "', 'f" + i + "@example.com', '{csm}') on conflict do nothing returning 1");
            data.single(TENANT, "insert into notification_setting (tenant_id, username, immediate) values ('" + TENANT
                    + "', 'f" + i + "', '{at-risk}') on conflict do nothing returning 1");
            // the third failed a month ago: a stale alert is not sent again with this week's
            data.single(TENANT, "with x as (insert into outbox (tenant_id, recipient, kind, subject, body, status,"
                    + " attempts, last_error, created_at) values ('" + TENANT + "', 'f" + i + "@example.com', 'alert',"
                    + " 's', 'b', 'failed', 8, 'Connection refused', now() - interval '" + (i == 2 ? 30 : 0)
                    + " days') returning id) select id from x");
        }
        // one set aside unsent (its recipient switched alert emails off) is no failure to send again
        data.single(TENANT, "with x as (insert into outbox (tenant_id, recipient, kind, subject, body, status,"
                + " attempts, last_error) values ('" + TENANT + "', 'f0@example.com', 'alert', 's', 'b', 'failed', 0,"
                + " 'Not sent: the recipient switched this kind of email off') returning id) select id from x");
        given().get("/admin/outbox").then().body(containsString("Send the 2 failed this week again"))
                // counts of every kind, above the messages (under Digests they read as digests' counts)
                .body(matchesPattern("(?s).*<h2 id=\"messages-heading\">Messages, newest first</h2>\\s*"
                        + "<p class=\"muted small\" data-testid=\"outbox-counts\">Messages of every kind \\(digests,"
                        + " alert emails, webhook calls\\): \\d+ pending · \\d+ sent · 4 failed</p>.*"));
        // each failed message's button names it by recipient and time: a day's digests share their subject
        given().get("/admin/outbox?status=failed").then()
                .body(containsString("aria-label=\"Send again: s, to f1@example.com, created "))
                .body(containsString("aria-label=\"Send again: s, to f2@example.com, created "));
        PageClient.htmx("/admin/outbox").redirects().follow(false).post("/admin/outbox/retry-failed")
                .then().statusCode(303).header("Location", containsString("/admin/outbox?done=retried-all"));
        assertEquals("f0@example.com,f2@example.com", data.single(TENANT, "select string_agg(recipient, ','"
                + " order by recipient) from outbox where status = 'failed'"));
        // a new round of attempts, counted from the 8 they had (which they keep): queued, or already sent (the
        // worker is awake)
        assertEquals("2", data.single(TENANT, "select count(*) from outbox where recipient like 'f_@example.com'"
                + " and status in ('pending', 'sent') and round_started_at_attempt = 8 and attempts >= 8"));
        assertEquals("Outbox: 2 failed messages queued again", data.single(TENANT,
                "select summary from audit_event where kind = 'outbox' order by id desc limit 1"));
        // "Send again" on a message set aside unsent says it goes out only if its reason no longer holds
        String setAside = data.single(TENANT, "with x as (insert into outbox (tenant_id, recipient, kind, subject,"
                + " body, status, last_error) values ('" + TENANT + "', 'gone@example.com', 'alert', 's', 'b',"
                + " 'failed', 'Not sent: the recipient switched this kind of email off after this message was written')"
                + " returning id) select id from x");
        PageClient.htmx("/admin/outbox").redirects().follow(false).post("/admin/outbox/" + setAside + "/retry")
                .then().statusCode(303).header("Location", containsString("/admin/outbox?done=retried-set-aside"));
        given().get("/admin/outbox?done=retried-set-aside").then()
                .body(containsString("It had been set aside unsent: it goes out only if that reason no longer"));
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anExecutiveMayNotOpenTheOutboxButHasTheirOwnSettings() {
        given().get("/admin/outbox").then().statusCode(403);
        PageClient.htmx("/settings/notifications").redirects().follow(false).post("/admin/outbox/digests")
                .then().statusCode(403);
        given().get("/settings/notifications").then().statusCode(200)
                .body(containsString("about every account of"))
                // no verified address: said before any choice, not only when one is refused
                .body(containsString("Your sign-in has no verified email address, so Bellwether cannot email you"));
    }

    /**
     * A member without a Bellwether role is emailed nothing (every sending path needs one): the page says so, and an
     * email chosen is refused rather than "Saved."; the header offers no link to the page.
     */
    @Test
    @TestSecurity(user = "nora")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email",
            value = "nora@notify.example") })
    void aMemberWithoutARoleIsToldNothingIsEmailedAndChoosesNone() {
        given().get("/settings/notifications").then().statusCode(200)
                .body(containsString("data-testid=\"no-role\""))
                .body(not(containsString("data-testid=\"no-book\"")))
                .body(not(containsString("class=\"who-settings\"")));
        PageClient.htmx("/settings/notifications").formParam("digest", "daily").post("/settings/notifications")
                .then().statusCode(422).body(containsString("Emails go to members with a Bellwether role (admin,"
                        + " executive or csm), and you have none"));
        // switching everything off is no email: taken
        PageClient.htmx("/settings/notifications").redirects().follow(false).formParam("digest", "off")
                .post("/settings/notifications").then().statusCode(303);
        given().contentType("application/json").body("{\"digest\":\"weekly\",\"immediate\":[]}")
                .put("/api/v1/me/notifications").then().statusCode(422).body("errors[0].field", equalTo("digest"))
                .body("errors[0].message", containsString("needs a Bellwether role"));
        assertEquals("0", data.single(TENANT, "select count(*) from notification_setting where username = 'nora'"
                + " and digest <> 'off'"));
    }
}
