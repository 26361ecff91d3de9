package dev.bellwether.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The notification endpoints: own settings for everyone, outbox, digests and webhook for admins only. */
@QuarkusTest
class NotificationsApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Outbox outbox;

    @Test
    void eachUserReadsAndChangesTheirOwnSettingsAndTheChangeIsAudited() {
        String tenant = tenants.create("prefs");
        String cam = FakeKeycloak.accessToken("cam", tenant, "csm");
        String eve = FakeKeycloak.accessToken("eve", tenant, "executive");
        given().auth().oauth2(cam).get("/api/v1/me/notifications").then().statusCode(200)
                .body("digest", equalTo("off")).body("immediate", empty());

        given().auth().oauth2(cam).contentType(ContentType.JSON)
                .body("{\"digest\":\"daily\",\"immediate\":[\"renewal-risk\",\"at-risk\"]}")
                .put("/api/v1/me/notifications").then().statusCode(200)
                .body("digest", equalTo("daily")).body("immediate", contains("at-risk", "renewal-risk"));
        given().auth().oauth2(cam).get("/api/v1/me/notifications").then()
                .body("digest", equalTo("daily")).body("immediate", contains("at-risk", "renewal-risk"));
        // another user of the tenant has their own
        given().auth().oauth2(eve).get("/api/v1/me/notifications").then().body("digest", equalTo("off"));
        given().auth().oauth2(eve).contentType(ContentType.JSON).body("{\"digest\":\"weekly\",\"immediate\":[]}")
                .put("/api/v1/me/notifications").then().statusCode(200).body("digest", equalTo("weekly"));

        assertEquals("cam:cam@" + tenant + ".example:csm|eve:eve@" + tenant + ".example:executive",
                data.single(tenant, "select string_agg(username || ':' || email || ':' || array_to_string(roles, ','),"
                        + " '|' order by username) from tenant_user"));
        assertEquals("notifications:cam:Notification settings: digest daily, immediate at-risk, renewal-risk",
                data.single(tenant, "select kind || ':' || actor || ':' || summary from audit_event"
                        + " where actor = 'cam'"));
        // saving the same again changes nothing and records nothing
        given().auth().oauth2(cam).contentType(ContentType.JSON)
                .body("{\"digest\":\"daily\",\"immediate\":[\"at-risk\",\"renewal-risk\"]}")
                .put("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("2", data.single(tenant, "select count(*) from audit_event where kind = 'notifications'"));
    }

    @Test
    void badSettingsAre422WithEveryProblemAndNothingIsSaved() {
        String tenant = tenants.create("prefs-bad");
        String cam = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(cam).contentType(ContentType.JSON)
                .body("{\"digest\":\"hourly\",\"immediate\":[\"at-risk\",\"bogus\",\"at-risk\"],\"colour\":1}")
                .put("/api/v1/me/notifications").then().statusCode(422)
                .body("errors.field", contains("colour", "digest", "immediate[1]", "immediate[2]"))
                .body("errors[0].message", equalTo("is not a field here (expected digest, immediate)"))
                .body("errors[1].message", equalTo("must be off, daily or weekly"))
                .body("errors[2].message", startsWith("must be one of at-risk, health-drop"));
        // a wrong name is repeated cut short, not whole
        given().auth().oauth2(cam).contentType(ContentType.JSON)
                .body("{\"digest\":\"off\",\"immediate\":[\"" + "x".repeat(100_000) + "\"]}")
                .put("/api/v1/me/notifications").then().statusCode(422)
                .body("errors[0].message", endsWith(", not \"" + "x".repeat(39) + "…"));
        given().auth().oauth2(cam).contentType(ContentType.JSON).body("{\"digest\":\"daily\"}")
                .put("/api/v1/me/notifications").then().statusCode(422)
                .body("errors.field", contains("immediate"));
        // a list longer than there are rules is one problem, not one per item (a 10 MB list built millions)
        given().auth().oauth2(cam).contentType(ContentType.JSON)
                .body("{\"digest\":\"off\",\"immediate\":[" + "1,".repeat(100_000) + "1]}")
                .put("/api/v1/me/notifications").then().statusCode(422)
                .body("errors.field", contains("immediate"))
                .body("errors[0].message", startsWith("lists 100001 rules; there are 6: at-risk, health-drop"));
        // a hundred thousand misspelt fields: twenty named, the rest counted
        StringBuilder fields = new StringBuilder("{\"digest\":\"off\",\"immediate\":[]");
        for (int i = 0; i < 100_000; i++) {
            fields.append(",\"f").append(i).append("\":1");
        }
        given().auth().oauth2(cam).contentType(ContentType.JSON).body(fields.append('}').toString())
                .put("/api/v1/me/notifications").then().statusCode(422)
                .body("errors", hasSize(21)).body("errors[0].field", equalTo("f0"))
                .body("errors[19].field", equalTo("f19")).body("errors[20].field", equalTo("body"))
                .body("errors[20].message", equalTo("and 99980 more fields that are not fields here"));
        given().auth().oauth2(cam).contentType(ContentType.JSON).body("[]")
                .put("/api/v1/me/notifications").then().statusCode(422).body("errors.field", contains("body"));
        String unverified = FakeKeycloak.accessToken("uma", tenant, "uma@" + tenant + ".example", false, "csm");
        given().auth().oauth2(unverified).contentType(ContentType.JSON)
                .body("{\"digest\":\"daily\",\"immediate\":[]}")
                .put("/api/v1/me/notifications").then().statusCode(422)
                .body("errors[0].field", equalTo("digest"))
                .body("errors[0].message", startsWith("needs a verified email address"));
        assertEquals("0:0", data.single(tenant, "select (select count(*) from notification_setting) || ':'"
                + " || (select count(*) from audit_event)"));
    }

    @Test
    void adminRoutesAnswer403ToExecutivesAndCsms() {
        String tenant = tenants.create("roles");
        for (String role : List.of("executive", "csm")) {
            String token = FakeKeycloak.accessToken("someone", tenant, role);
            given().auth().oauth2(token).get("/api/v1/admin/outbox").then().statusCode(403);
            given().auth().oauth2(token).post("/api/v1/admin/digests/run").then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"url\":\"https://93.184.216.34/hook\",\"events\":[\"at-risk\"],\"enabled\":true}")
                    .put("/api/v1/admin/webhook").then().statusCode(403);
            given().auth().oauth2(token).get("/api/v1/admin/webhook").then().statusCode(403);
        }
        given().get("/api/v1/admin/outbox").then().statusCode(401);
        given().get("/api/v1/me/notifications").then().statusCode(401);
        assertEquals("0", data.single(tenant, "select count(*) from webhook"));
    }

    @Test
    void webhookUrlsToInternalAddressesAreRefusedAndNothingIsSaved() {
        String tenant = tenants.create("ssrf");
        String ada = FakeKeycloak.accessToken("ada", tenant, "admin");
        for (String url : List.of("https://10.0.0.1/hook", "https://127.0.0.1/hook",
                "https://169.254.169.254/latest/meta-data/", "https://localhost/hook")) {
            given().auth().oauth2(ada).contentType(ContentType.JSON)
                    .body("{\"url\":\"" + url + "\",\"events\":[\"at-risk\"],\"enabled\":true}")
                    .put("/api/v1/admin/webhook").then().statusCode(422)
                    .body("errors", hasSize(1)).body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", startsWith("url's host "));
        }
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"url\":\"http://93.184.216.34/hook\",\"events\":[\"nope\"]}")
                .put("/api/v1/admin/webhook").then().statusCode(422)
                .body("errors.field", contains("url", "events[0]", "enabled"))
                .body("errors[0].message", equalTo("url must use https"));
        given().auth().oauth2(ada).get("/api/v1/admin/webhook").then().statusCode(200)
                .body("url", equalTo(null)).body("enabled", equalTo(false));
        assertEquals("0:0", data.single(tenant, "select (select count(*) from webhook) || ':'"
                + " || (select count(*) from audit_event)"));

        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"url\":\"https://93.184.216.34/services/T0/B0/x\",\"events\":[\"renewal-risk\",\"at-risk\"],"
                        + "\"enabled\":true}")
                .put("/api/v1/admin/webhook").then().statusCode(200)
                .body("url", equalTo("https://93.184.216.34/services/T0/B0/x"))
                .body("events", contains("at-risk", "renewal-risk")).body("enabled", equalTo(true));
        assertEquals("webhook:ada:Webhook on: https://93.184.216.34/services/T0/B0/x for at-risk, renewal-risk",
                data.single(tenant, "select kind || ':' || actor || ':' || summary from audit_event"));
        // a webhook whose host no longer resolves can still be switched off, not switched on
        String gone = "https://hooks.no-longer-resolves.invalid/x";
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"url\":\"" + gone + "\",\"events\":[\"at-risk\"],\"enabled\":true}")
                .put("/api/v1/admin/webhook").then().statusCode(422)
                .body("errors[0].message", containsString("does not resolve"));
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body("{\"url\":\"" + gone + "\",\"events\":[\"at-risk\"],\"enabled\":false}")
                .put("/api/v1/admin/webhook").then().statusCode(200).body("enabled", equalTo(false));
    }

    @Test
    void theOutboxListsOnlyTheTenantsOwnMessagesByStatus() {
        String a = tenants.create("outbox-a");
        String b = tenants.create("outbox-b");
        // members of their tenants, so the worker tries them (it drops an email to someone no longer there)
        data.single(a, "with x as (insert into tenant_user (tenant_id, username, email, roles) values ('" + a
                + "', 'x', 'x@" + a + ".example', '{csm}') returning 1) select count(*) from x");
        data.single(b, "with x as (insert into tenant_user (tenant_id, username, email, roles) values ('" + b
                + "', 'y', 'y@" + b + ".example', '{csm}') returning 1) select count(*) from x");
        // who still take those emails (the worker drops one its recipient has switched off)
        data.single(a, "with x as (insert into notification_setting (tenant_id, username, immediate) values ('" + a
                + "', 'x', '{at-risk}') returning 1) select count(*) from x");
        data.single(b, "with x as (insert into notification_setting (tenant_id, username, digest) values ('" + b
                + "', 'y', 'daily') returning 1) select count(*) from x");
        TenantContext.run(a, () -> QuarkusTransaction.requiringNew().run(() -> outbox.queue(a, List.of(
                new Outbox.Message(OutboxKind.ALERT, "x@" + a + ".example", "For A", "a", null)))));
        TenantContext.run(b, () -> QuarkusTransaction.requiringNew().run(() -> outbox.queue(b, List.of(
                new Outbox.Message(OutboxKind.DIGEST, "y@" + b + ".example", "For B", "b", null)))));
        String adminA = FakeKeycloak.accessToken("ada", a, "admin");
        given().auth().oauth2(adminA).get("/api/v1/admin/outbox").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].to", equalTo("x@" + a + ".example"))
                .body("[0].kind", equalTo("alert")).body("[0].subject", equalTo("For A"))
                .body("[0].createdAt", startsWith("20"));
        given().auth().oauth2(adminA).get("/api/v1/admin/outbox?status=failed").then().statusCode(200)
                .body("$", empty());
        given().auth().oauth2(FakeKeycloak.accessToken("bob", b, "admin")).get("/api/v1/admin/outbox")
                .then().body("subject", contains("For B"));
        given().auth().oauth2(adminA).get("/api/v1/admin/outbox?status=lost").then().statusCode(422)
                .body("errors[0].field", equalTo("status"));
        given().auth().oauth2(adminA).get("/api/v1/admin/outbox?limit=0").then().statusCode(422)
                .body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(adminA).contentType(ContentType.JSON).body("{\"when\":\"now\"}")
                .post("/api/v1/admin/digests/run").then().statusCode(422).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(adminA).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/admin/digests/run").then().statusCode(202).body("queued", equalTo(0));
        // a client that says JSON by default and sends nothing
        given().auth().oauth2(adminA).contentType(ContentType.JSON)
                .post("/api/v1/admin/digests/run").then().statusCode(202).body("queued", equalTo(0));
        assertEquals("digest:Digests run by hand: 0 digests queued,digest:Digests run by hand: 0 digests queued",
                data.single(a, "select string_agg(kind || ':' || summary, ',' order by id) from audit_event"));
    }

    @Test
    void twoTenantsWithTheSameUsernameKeepTheirOwnSettingsWebhookAndUsers() {
        String a = tenants.create("same-a");
        String b = tenants.create("same-b");
        String[][] choices = {{a, "daily", "https://93.184.216.34/a"}, {b, "weekly", "https://93.184.216.34/b"}};
        for (String[] t : choices) {
            String sam = FakeKeycloak.accessToken("sam", t[0], "admin");
            given().auth().oauth2(sam).contentType(ContentType.JSON)
                    .body("{\"digest\":\"" + t[1] + "\",\"immediate\":[]}")
                    .put("/api/v1/me/notifications").then().statusCode(200);
            given().auth().oauth2(sam).contentType(ContentType.JSON)
                    .body("{\"url\":\"" + t[2] + "\",\"events\":[],\"enabled\":false}")
                    .put("/api/v1/admin/webhook").then().statusCode(200);
        }
        given().auth().oauth2(FakeKeycloak.accessToken("sam", a, "admin")).get("/api/v1/me/notifications").then()
                .body("digest", equalTo("daily"));
        given().auth().oauth2(FakeKeycloak.accessToken("sam", b, "admin")).get("/api/v1/admin/webhook").then()
                .body("url", equalTo("https://93.184.216.34/b"));
        String sql = "select (select string_agg(tenant_id || ':' || digest, ',') from notification_setting) || '|'"
                + " || (select string_agg(tenant_id || ':' || url, ',') from webhook) || '|'"
                + " || (select string_agg(tenant_id || ':' || email, ',') from tenant_user)";
        assertEquals(a + ":daily|" + a + ":https://93.184.216.34/a|" + a + ":sam@" + a + ".example",
                data.single(a, sql));
        assertEquals(b + ":weekly|" + b + ":https://93.184.216.34/b|" + b + ":sam@" + b + ".example",
                data.single(b, sql));
    }
}
