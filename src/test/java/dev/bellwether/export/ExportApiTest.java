package dev.bellwether.export;

import static dev.bellwether.testing.ImportClient.uploadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * {@code GET /api/v1/export} and the {@code /admin} button: admins only, a zip named after the
 * organisation and the day, streamed, in exactly the import formats, audited, and never holding another
 * organisation's rows.
 */
@QuarkusTest
class ExportApiTest {

    static final String ACCOUNTS = """
            account_id,name,segment,industry,plan,csm_email,customer_since,renewal_date,licensed_seats,first_value_date
            %1$s-1,"%2$s, Inc.",Enterprise,Retail,Scale,Lars@Example.com,2024-08-15,2027-08-15,33,2024-09-01
            %1$s-2,=%2$s formula,,,,,2025-01-31,,,
            """;
    static final String MRR = """
            account_id,month,mrr
            %1$s-1,2026-09,1200.50
            %1$s-1,2026-10,1200.5
            %1$s-2,2026-10,99
            """;
    static final String TICKETS = """
            ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,resolved_on_first_contact
            %1$s-T1,%1$s-1,2026-10-01T09:30:00+02:00,,2026-10-02,high,TRUE
            %1$s-T2,%1$s-2,2026-10-02T10:00:00.250Z,,2026-10-03T11:00:00Z,,
            """;

    @Inject
    TestTenants tenants;

    /** Only the platform operator creates tenants: the fixed tenant of the page tests is created first. */
    @BeforeEach
    void createThePageTenant() {
        tenants.ensure("export-page");
    }

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Test
    void anAdminGetsTheOrganisationsDataAsAZipInTheImportFormatsAndItIsAudited() throws IOException {
        String tenant = tenants.create("export");
        load(tenant, "A", "Alpha");

        var response = given().auth().oauth2(admin(tenant)).get("/api/v1/export").then().statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", equalTo("attachment; filename=\"bellwether-" + tenant + "-"
                        + LocalDate.now(ZoneOffset.UTC) + ".zip\""))
                .extract();
        Map<String, String> files = unzip(response.asByteArray());

        assertEquals(List.of("accounts.csv", "mrr.csv", "usage.csv", "surveys.csv", "tickets.csv", "activities.csv",
                "opportunities.csv", "notes.csv", "health-model.json", "settings.json"), List.copyOf(files.keySet()));
        assertEquals("{\"currency\":\"USD\",\"qbrSegments\":[\"Enterprise\",\"Mid-Market\"]}",
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(files.get("settings.json")).toString());
        assertEquals(ACCOUNTS.lines().findFirst().orElseThrow() + "\r\n" + """
                A-1,"Alpha, Inc.",Enterprise,Retail,Scale,lars@example.com,2024-08-15,2027-08-15,33,2024-09-01\r
                A-2,=Alpha formula,Unsegmented,,,,2025-01-31,,,\r
                """, files.get("accounts.csv"), "values as stored, for the importer (no spreadsheet quoting)");
        assertEquals("account_id,month,mrr\r\nA-1,2026-09,1200.5\r\nA-1,2026-10,1200.5\r\nA-2,2026-10,99\r\n",
                files.get("mrr.csv"));
        assertEquals("""
                ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,resolved_on_first_contact\r
                A-T1,A-1,2026-10-01T07:30:00Z,,2026-10-02T00:00:00Z,high,true\r
                A-T2,A-2,2026-10-02T10:00:00.250Z,,2026-10-03T11:00:00Z,,\r
                """, files.get("tickets.csv"));
        assertEquals("account_id,user_id,date,feature,events\r\n", files.get("usage.csv"));
        // the file read by people starts with the byte-order mark a spreadsheet needs; the import files do not
        assertEquals("\uFEFFnote_id,account_id,type,occurred_at,body,attendees,csm_email,author,author_name,"
                + "created_at\r\n", files.get("notes.csv"));
        assertEquals(0, (int) com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(files.get("health-model.json")).get("version").asInt());

        assertEquals("1", data.single(tenant, "select count(*) from audit_event where kind = 'export' and actor = 'ada'"
                + " and subject = 'bellwether-" + tenant + "-" + LocalDate.now(ZoneOffset.UTC) + ".zip'"));
    }

    @Test
    void anOrganisationExportsOneZipAtATimeAndHeadRunsNone() throws Exception {
        String tenant = tenants.create("export-once");
        load(tenant, "O", "Once");
        String token = admin(tenant);
        java.util.concurrent.CompletableFuture<Integer> first;
        try (java.sql.Connection blocker = dev.bellwether.testing.DatabaseBootstrap.superuserConnection()) {
            // the first export waits on its first read while another session holds the accounts table
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("lock table account in access exclusive mode");
            first = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                    .get("/api/v1/export").then().extract().statusCode());
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (waitingOnAccounts(blocker) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            given().auth().oauth2(token).get("/api/v1/export").then().statusCode(409)
                    .body("message", containsString("already being downloaded"));
            blocker.rollback();
            assertEquals(200, (int) first.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        given().auth().oauth2(token).get("/api/v1/export").then().statusCode(200); // the permit was given back
        given().auth().oauth2(token).head("/api/v1/export").then().statusCode(405).header("Allow", "GET");
        assertEquals("2", data.single(tenant, "select count(*) from audit_event where kind = 'export'"),
                "the refused and the HEAD request left no trace");
    }

    /** How many sessions wait for a lock on the accounts table. */
    private static long waitingOnAccounts(java.sql.Connection connection) throws java.sql.SQLException {
        try (var rows = connection.createStatement().executeQuery("select count(*) from pg_locks l join pg_class c"
                + " on c.oid = l.relation where c.relname = 'account' and not l.granted")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Each export holds a pool connection for its whole download, so an instance writes only so many at once, of
     * all organisations (two in tests, four by default): one more is a 429 with a wait, unaudited.
     */
    @Test
    void anInstanceWritesOnlySoManyExportsAtOnce() throws Exception {
        List<String> busy = List.of(tenants.create("export-busy-a"), tenants.create("export-busy-b"));
        String third = tenants.create("export-busy-c");
        for (String tenant : busy) {
            load(tenant, "K", "Kept");
        }
        load(third, "K", "Kept");
        List<java.util.concurrent.CompletableFuture<Integer>> running = new java.util.ArrayList<>();
        try (java.sql.Connection blocker = dev.bellwether.testing.DatabaseBootstrap.superuserConnection()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("lock table account in access exclusive mode");
            for (String tenant : busy) {
                String token = admin(tenant);
                running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                        .get("/api/v1/export").then().extract().statusCode()));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (waitingOnAccounts(blocker) < busy.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(busy.size(), waitingOnAccounts(blocker), "both exports wait on their first read");
            given().auth().oauth2(admin(third)).get("/api/v1/export").then().statusCode(429)
                    .header("Retry-After", "60")
                    .body("error", equalTo("too_many_requests"))
                    .body("message", containsString("as many exports as it takes at once"));
            blocker.rollback();
            for (var export : running) {
                assertEquals(200, (int) export.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
        assertEquals("0", data.single(third, "select count(*) from audit_event where kind = 'export'"),
                "the refused export left no trace");
        given().auth().oauth2(admin(third)).get("/api/v1/export").then().statusCode(200); // permits given back
    }

    @Test
    void onlyAdminsExportAndAZipHoldsNoRowOfAnotherOrganisation() throws IOException {
        String a = tenants.create("export-a");
        String b = tenants.create("export-b");
        load(a, "A", "Alpha");
        load(b, "B", "Beta");

        Map<String, String> ofA = unzip(given().auth().oauth2(admin(a)).get("/api/v1/export").then().statusCode(200)
                .extract().asByteArray());
        Map<String, String> ofB = unzip(given().auth().oauth2(admin(b)).get("/api/v1/export").then().statusCode(200)
                .extract().asByteArray());
        for (var file : ofA.entrySet()) {
            assertFalse(file.getValue().matches("(?s).*(B-1|B-2|B-T|Beta).*"), file.getKey());
        }
        for (var file : ofB.entrySet()) {
            assertFalse(file.getValue().matches("(?s).*(A-1|A-2|A-T|Alpha).*"), file.getKey());
        }
        assertEquals(3, ofA.get("accounts.csv").lines().count());
        assertEquals(4, ofB.get("mrr.csv").lines().count());

        for (String role : List.of("executive", "csm")) {
            given().auth().oauth2(FakeKeycloak.accessToken("eve", a, role)).get("/api/v1/export").then()
                    .statusCode(403);
        }
        given().auth().oauth2(FakeKeycloak.accessToken("ada", null, "admin")).get("/api/v1/export").then()
                .statusCode(403);
        given().get("/api/v1/export").then().statusCode(401);
        // the refused requests left no trace: one export, the admin's
        assertEquals("1", data.single(a, "select count(*) from audit_event where kind = 'export'"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "export-page"))
    void theAdminPageOffersTheDownloadAndItsAddressAnswersTheZip() throws IOException {
        given().get("/admin").then().statusCode(200)
                .body(containsString("href=\"/admin/export\">Download all data (.zip)</a>"))
                .body(containsString("Open them in a text editor, or import them as text."));
        byte[] zip = given().get("/admin/export").then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", containsString("filename=\"bellwether-export-page-")).extract()
                .asByteArray();
        assertEquals("account_id,month,mrr\r\n", unzip(zip).get("mrr.csv"));
        given().header("Sec-Fetch-Site", "same-origin").get("/admin/export").then().statusCode(200);
        given().header("Sec-Fetch-Site", "none").get("/admin/export").then().statusCode(200);
        given().header("Sec-Fetch-Site", "cross-site").get("/admin/export").then().statusCode(403)
                .contentType(containsString("text/html")).body(containsString("not from a link elsewhere"))
                .body(containsString("href=\"/admin\"")); // the error page in the layout, with the way back
        given().header("Sec-Fetch-Site", "same-site").get("/admin/export").then().statusCode(403);
        assertEquals("3", data.single("export-page", "select count(*) from audit_event where kind = 'export'"),
                "the two refused downloads left no trace");
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "export-page"))
    void aCsmCannotDownloadFromThePageEither() {
        given().redirects().follow(false).get("/admin/export").then().statusCode(403);
    }

    private void load(String tenant, String prefix, String name) {
        String admin = admin(tenant);
        uploadBody(admin, "accounts", ACCOUNTS.formatted(prefix, name).getBytes(StandardCharsets.UTF_8)).then()
                .statusCode(201);
        uploadBody(admin, "mrr", MRR.formatted(prefix).getBytes(StandardCharsets.UTF_8)).then().statusCode(201);
        uploadBody(admin, "tickets", TICKETS.formatted(prefix).getBytes(StandardCharsets.UTF_8)).then()
                .statusCode(201);
        recalculations.awaitIdle(tenant);
    }

    static String admin(String tenant) {
        return FakeKeycloak.accessToken("ada", tenant, "admin");
    }

    /** The zip's files by name, in the zip's order. */
    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
