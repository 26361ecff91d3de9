package dev.bellwether.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** The audit log's tabs: one per kind, this round's kinds included, each with words a person reads, each filtering. */
@QuarkusTest
class AuditPageTest {

    static final String TENANT = "audit-tabs";

    @Inject
    Recalculations recalculations;

    @Inject
    AuditLog audit;

    @Inject
    TestTenants tenants;

    /** Only the platform operator creates tenants: this test's is created first. */
    @BeforeEach
    void createTheTenant() {
        tenants.ensure(TENANT);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void everyKindHasATabWithReadableWordsAndTheTabShowsOnlyItsKind() {
        recalculations.loadSample(TENANT);
        TenantContext.run(TENANT, () -> QuarkusTransaction.requiringNew().run(() -> {
            for (AuditKind kind : List.of(AuditKind.TASK, AuditKind.PLAYBOOK, AuditKind.NOTE, AuditKind.OUTBOX,
                    AuditKind.WEBHOOK, AuditKind.SAVED_VIEW, AuditKind.INGEST_KEY, AuditKind.ALERT)) {
                audit.append(new AuditLog.Entry("ada", "Ada Lovelace", kind, "ACC-00001",
                        "Recorded a " + kind.word() + " change", List.of()));
            }
        }));
        String page = given().get("/admin/audit").then().statusCode(200).extract().asString();
        Matcher tab = Pattern.compile("<a href=\"/admin/audit\\?kind=([a-z_]+)\"[^>]*>([^<]+)</a>").matcher(page);
        java.util.Map<String, String> tabs = new java.util.LinkedHashMap<>();
        while (tab.find()) {
            tabs.put(tab.group(1), tab.group(2));
        }
        assertEquals(List.of(AuditKind.values()).stream().map(AuditKind::word).toList(), List.copyOf(tabs.keySet()),
                "a tab for every kind, in order");
        assertEquals("Tasks", tabs.get("task"));
        assertEquals("Playbooks", tabs.get("playbook"));
        assertEquals("Notes and activities", tabs.get("note"));
        assertEquals("Outbox (e-mails and webhook posts)", tabs.get("outbox"));
        assertEquals("Webhook", tabs.get("webhook"));
        assertEquals("Saved views", tabs.get("saved_view"));
        assertEquals("Ingest keys", tabs.get("ingest_key"));
        assertEquals("Notification settings", tabs.get("notifications"));
        tabs.forEach((word, label) -> assertTrue(!label.contains("_") && Character.isUpperCase(label.charAt(0)),
                word + " reads as words: " + label));

        for (String word : List.of("task", "saved_view", "ingest_key", "outbox")) {
            String one = given().get("/admin/audit?kind=" + word).then().statusCode(200).extract().asString();
            assertTrue(one.contains("Recorded a " + word + " change"), word + " shows its event");
            assertEquals(1, Pattern.compile("Recorded a [a-z_]+ change").matcher(one).results().count(),
                    word + " shows only its own kind");
            assertTrue(one.contains("href=\"/admin/audit?kind=" + word + "\" aria-current=\"page\""),
                    "the tab is marked current");
        }
        // a kind as the docs write it is that tab; a word that names no kind says so instead of showing everything
        assertTrue(given().get("/admin/audit?kind=Task").then().statusCode(200).extract().asString()
                .contains("href=\"/admin/audit?kind=task\" aria-current=\"page\""), "Task is the tab task");
        // and so are kinds of two words, by their label (docs/export.md's "Data export") or dashed
        for (String written : List.of("Saved view", "saved-view", "SAVED_VIEW")) {
            assertTrue(given().queryParam("kind", written).get("/admin/audit").then().statusCode(200).extract()
                    .asString().contains("href=\"/admin/audit?kind=saved_view\" aria-current=\"page\""), written);
        }
        assertTrue(given().queryParam("kind", "Data export").get("/admin/audit").then().statusCode(200).extract()
                .asString()
                .contains("href=\"/admin/audit?kind=export\" aria-current=\"page\""), "Data export");
        given().get("/admin/audit?kind=exports").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("There is no kind of audit event called"))
                .body(org.hamcrest.Matchers.containsString("&quot;exports&quot;"));
        // a page past the end of the log is its last page, not an empty one
        String past = given().get("/admin/audit?kind=task&page=999").then().statusCode(200).extract().asString();
        assertTrue(past.contains("Recorded a task change") && !past.contains("page 999"), past);
    }
}
