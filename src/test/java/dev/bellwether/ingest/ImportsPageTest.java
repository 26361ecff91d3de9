package dev.bellwether.ingest;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.corpus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** The admin's import page: upload with CSRF, the result as a person reads it, history, templates, roles. */
@QuarkusTest
class ImportsPageTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure(TENANT);
        testTenants.ensure("page-imports-groups");
        testTenants.ensure("page-imports-templates");
        testTenants.ensure("page-imports-same");
        testTenants.ensure("page-imports-busy");
        testTenants.ensure("page-imports-running");
        testTenants.ensure("page-imports-paged");
    }

    private static final String TENANT = "page-imports";

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void pageListsTheFormatsWithTemplatesToDownload() {
        given().when().get("/admin/imports").then().statusCode(200)
                .body(containsString("<h1>Data imports</h1>"))
                .body(containsString("href=\"/admin/imports/templates/opportunities.csv\""))
                // required said to a screen reader too, not only in bold
                .body(containsString("<strong>customer_since</strong><span class=\"visually-hidden\">"
                        + " (required)</span>"))
                .body(containsString("name=\"csrf-token\""));
        given().when().get("/admin/imports/templates/mrr.csv").then().statusCode(200)
                .header("Content-Disposition", containsString("mrr.csv"))
                .body(equalTo("account_id,month,mrr\nACC-0001,2025-10,1250.00\n"));
        given().when().get("/admin/imports/templates/revenue.csv").then().statusCode(404);
    }

    /**
     * The history pages 25 imports at a time, newest first, with links to older and newer pages; a page past the
     * end is the last one, and the API pages 50 at a time (a page past the last answers []).
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-paged"))
    void theHistoryPagesOlderImports() throws Exception {
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                var insert = connection.prepareStatement("insert into import_batch (tenant_id, id, created_by, source,"
                        + " status, files, error_count, started_at, finished_at) select 'page-imports-paged',"
                        + " gen_random_uuid(), 'ada', 'api', 'rejected',"
                        + " jsonb_build_array(jsonb_build_object('name', 'file-' || n || '.csv', 'bytes', 1)), 1,"
                        + " timestamptz '2026-01-01' + n * interval '1 hour',"
                        + " timestamptz '2026-01-01' + n * interval '1 hour' from generate_series(1, 56) n"
                        + " where not exists (select 1 from import_batch where tenant_id = 'page-imports-paged')")) {
            insert.executeUpdate();
        }
        given().when().get("/admin/imports").then().statusCode(200)
                .body(containsString("file-56.csv")).body(containsString("file-32.csv"))
                .body(not(containsString("file-31.csv")))
                .body(containsString("Page 1 of 3 · 56 imports"))
                .body(containsString("href=\"/admin/imports?page=2#history-heading\" rel=\"next\""))
                .body(not(containsString("rel=\"prev\"")))
                .body(containsString("hx-get=\"/admin/imports/history?page=1\""));
        given().when().get("/admin/imports?page=2").then().statusCode(200)
                .body(containsString("file-31.csv")).body(containsString("file-7.csv"))
                .body(not(containsString("file-32.csv"))).body(not(containsString("file-6.csv")))
                .body(containsString("href=\"/admin/imports?page=1#history-heading\" rel=\"prev\""))
                .body(containsString("hx-get=\"/admin/imports/history?page=2\""));
        // past the end (or beyond any int): the last page, its six oldest imports
        for (String page : new String[] {"3", "4", "99999999999"}) {
            given().queryParam("page", page).when().get("/admin/imports/history").then().statusCode(200)
                    .body(containsString("file-1.csv")).body(containsString("file-6.csv"))
                    .body(not(containsString("file-7.csv"))).body(containsString("Page 3 of 3"))
                    .body(not(containsString("rel=\"next\"")));
        }
        given().when().get("/api/v1/imports").then().statusCode(200).body("size()", equalTo(50));
        given().queryParam("page", " 2 ").when().get("/api/v1/imports").then().statusCode(200)
                .body("size()", equalTo(6)).body("status", org.hamcrest.Matchers.everyItem(equalTo("rejected")));
        given().queryParam("page", "3").when().get("/api/v1/imports").then().statusCode(200).body("size()", equalTo(0));
        for (String page : new String[] {"0", "x", "1000000000"}) {
            given().queryParam("page", page).when().get("/api/v1/imports").then().statusCode(400)
                    .body("message", containsString("page must be a whole number"));
        }
    }

    /** An import still running is in the history (recorded before its files are read): it has no duration yet. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-running"))
    void anImportStillRunningIsListedWithoutADuration() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                var insert = connection.prepareStatement("insert into import_batch (tenant_id, id, created_by, source,"
                        + " status, phase, progress) values ('page-imports-running', ?::uuid, 'ada', 'page',"
                        + " 'processing', 'Reading usage', 40)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        given().when().get("/admin/imports").then().statusCode(200).body(containsString("running…"));
        given().when().get("/admin/imports/history").then().statusCode(200).body(containsString("running…"));
        given().when().get("/admin/imports/" + id).then().statusCode(200).body(containsString("running…"));
        // its progress, whoever started it, following itself; an upload refused at once meanwhile hides nothing
        PageClient.htmx("/admin/imports").multiPart("file", "notes.txt", "x".getBytes()).when()
                .post("/admin/imports").then().statusCode(200);
        given().when().get("/admin/imports/live").then().statusCode(200).body(containsString("Reading usage"))
                .body(containsString("hx-get=\"/admin/imports/live?was=running\" hx-trigger=\"every 1s\""));
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                var done = connection.prepareStatement("update import_batch set status = 'failed', finished_at = now()"
                        + " where id = ?::uuid")) {
            done.setString(1, id);
            done.executeUpdate();
        }
        given().when().get("/admin/imports/live?was=running").then().statusCode(200)
                .header("HX-Trigger", containsString("importFinished")).body(not(containsString("every 1s")));
        given().when().get("/admin/imports/" + id + "/recalculation").then().statusCode(200)
                .body(containsString("Not applied: nothing to recalculate.")).body(not(containsString("every 1s")));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-busy"))
    void anUploadRefusedBecauseAnotherImportRunsKeepsTheChosenFiles() throws Exception {
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection()) {
            connection.setAutoCommit(false);
            // another import of the organisation holds its lock
            try (var lock = connection.prepareStatement("select 1 from tenant where id = ? for no key update")) {
                lock.setString(1, "page-imports-busy");
                lock.execute();
            }
            // imports.js keeps the chosen files for an answer marked data-keep-files: the same ones work later
            PageClient.htmx("/admin/imports").multiPart("file", corpus("base/accounts.csv").toFile())
                    .when().post("/admin/imports").then().statusCode(200)
                    .body(containsString("Another import for your organisation is in progress"))
                    .body(containsString("role=\"alert\" data-keep-files"));
            // without JavaScript the page says it, focused, and the file field is marked and tied to it
            plainUpload().multiPart("file", corpus("base/accounts.csv").toFile()).post("/admin/imports").then()
                    .statusCode(200).body(containsString("<h3 tabindex=\"-1\" autofocus>Not imported</h3>"))
                    .body(containsString("aria-labelledby=\"dropzone-title\" aria-describedby=\"upload-hint"
                            + " import-refusal\" aria-invalid=\"true\">"))
                    .body(containsString("<p id=\"import-refusal\">Another import for your organisation"));
            connection.rollback();
        }
        // a file refused for itself is not marked: it is to be fixed and chosen again
        PageClient.htmx("/admin/imports").multiPart("file", "accounts.csv", "account_id,name\n".getBytes())
                .when().post("/admin/imports").then().statusCode(200).body(not(containsString("data-keep-files")));
        // an import made by a plain form post is its own page: a reload there does not send the files again
        String location = plainUpload().multiPart("file", "accounts.csv", "account_id,name\n".getBytes())
                .post("/admin/imports").then().statusCode(303).extract().header("Location");
        assertTrue(location.matches(".*/admin/imports/[0-9a-f-]{36}"), location);
        given().get(location).then().statusCode(200).body(containsString("status-rejected"))
                .body(containsString("problem"));
    }

    /** A multipart upload as a browser without JavaScript sends it: the form's token among its parts. */
    private static io.restassured.specification.RequestSpecification plainUpload() {
        String token = given().when().get("/admin/imports").then().statusCode(200).extract().cookie("bw-csrf");
        return given().cookie("bw-csrf", token).multiPart("csrf-token", token).redirects().follow(false);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-same"))
    void uploadingTheSameFilesAgainSaysNothingChangedAndRecalculatesNothing() {
        PageClient.htmx("/admin/imports").multiPart("file", SAMPLE.resolve("all.zip").toFile())
                .when().post("/admin/imports").then().statusCode(200)
                .body(containsString("/recalculation\" hx-trigger=\"load delay:300ms\""));
        String again = PageClient.htmx("/admin/imports").multiPart("file", SAMPLE.resolve("all.zip").toFile())
                .when().post("/admin/imports").then().statusCode(200)
                .body(containsString("<h3 tabindex=\"-1\">Imported</h3>"))
                .body(containsString("<strong>Nothing changed</strong>"))
                .body(containsString(
                        "<th scope=\"row\">usage</th><td class=\"num\">8,062</td><td class=\"num\">0</td>"))
                .body(not(containsString("hx-trigger=\"load delay:300ms\"")))
                .extract().asString();
        String detail = again.replaceAll("(?s).*href=\"(/admin/imports/[0-9a-f-]{36})\".*", "$1");
        given().when().get(detail).then().statusCode(200)
                .body(containsString("not recalculated: nothing changed"));
        given().when().get("/admin/imports/history").then().statusCode(200)
                .body(containsString("· nothing changed"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-templates"))
    void theSevenTemplatesUploadedAsTheyAreMakeAValidImport() throws Exception {
        Path dir = Files.createTempDirectory("templates");
        var upload = PageClient.htmx("/admin/imports");
        for (ImportKind kind : ImportKind.values()) {
            String template = given().get("/admin/imports/templates/" + kind.fileName()).then().statusCode(200)
                    .extract().asString();
            String[] lines = template.split("\n");
            assertEquals(2, lines.length, kind + ": the header and one example row");
            assertEquals(kind.headerLine(), lines[0]);
            assertEquals(lines[0].split(",", -1).length, lines[1].split(",", -1).length, kind + ": a value per column");
            Path file = dir.resolve(kind.fileName());
            Files.writeString(file, template, StandardCharsets.UTF_8);
            upload = upload.multiPart("file", file.toFile());
        }
        upload.when().post("/admin/imports").then().statusCode(200)
                .body(containsString("<h3 tabindex=\"-1\">Imported</h3>"))
                .body(containsString("<th scope=\"row\">opportunities</th><td class=\"num\">1</td>"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-groups"))
    void problemsAreGroupedSoTheRealMistakesAreNotBuriedUnderUnknownAccounts() throws Exception {
        StringBuilder csv = new StringBuilder("account_id,month,mrr\n");
        for (int i = 1; i <= 1_200; i++) {
            csv.append("ACC-").append(i).append(",2026-01,100\n");
        }
        csv.append("ACC-1,2026-02,\"1.234,50\"\n").append("ACC-1,10/2026,90\n");
        Path file = Files.createTempDirectory("groups").resolve("mrr.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        String fragment = PageClient.htmx("/admin/imports").multiPart("file", file.toFile())
                .when().post("/admin/imports").then().statusCode(200)
                .body(containsString("Nothing was imported: 1,204 problems to fix"))
                .extract().asString();
        // the two real mistakes come first, each with its line (past the first 1,000 listed), what the column
        // allows and what probably went wrong; the 1,202 unknown accounts (theirs too) are one message, last
        int amount = fragment.indexOf("column <code>mrr</code>:");
        int month = fragment.indexOf("column <code>month</code>:");
        int accounts = fragment.indexOf("These rows name accounts that do not exist: upload accounts.csv first, or in "
                + "the same upload.");
        assertTrue(amount > 0 && month > 0 && accounts > Math.max(amount, month), "groups in order: " + fragment);
        assertTrue(fragment.contains("<span class=\"problem-count\">1,202 rows</span></h4>"),
                "unknown accounts counted");
        assertTrue(fragment.contains("line 1,202 (<code class=\"value\">1.234,50</code>)"), "the amount's line");
        assertTrue(fragment.contains("Write amounts with a decimal point and no thousands separator: 1234.50."));
        assertTrue(fragment.contains("line 1,203 (<code class=\"value\">10/2026</code>)"), "the month's line");
        assertTrue(fragment.contains("e.g. 10/2026 is written 2026-10."));
        assertTrue(fragment.contains("Allowed: a month written YYYY-MM, e.g. 2026-03; required."));
        assertTrue(fragment.contains("(the first 1,000 of 1,204)"), "the line-by-line list says it is cut");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "page-imports-groups"))
    void aSemicolonFileGetsADelimiterHint() throws Exception {
        Path file = Files.createTempDirectory("semicolons").resolve("accounts.csv");
        Files.writeString(file, "account_id;name;customer_since\nACC-1;Acme;2024-01-01\n", StandardCharsets.UTF_8);
        PageClient.htmx("/admin/imports").multiPart("file", file.toFile()).when().post("/admin/imports").then()
                .statusCode(200)
                .body(containsString("This file seems to separate its values with semicolons (;). Bellwether reads "
                        + "commas"));
        // every value in quotes (LibreOffice's "quote all text cells"): the same advice, not the parser's words
        Files.writeString(file, "\"account_id\";\"name\";\"customer_since\"\n\"ACC-1\";\"Acme\";\"2024-01-01\"\n",
                StandardCharsets.UTF_8);
        PageClient.htmx("/admin/imports").multiPart("file", file.toFile()).when().post("/admin/imports").then()
                .statusCode(200).body(containsString("a value in quotes is followed by a semicolon where a comma"
                        + " should be. This file seems to separate its values with semicolons (;)"));
        Files.writeString(file, "\"account_id\"\t\"name\"\n", StandardCharsets.UTF_8);
        PageClient.htmx("/admin/imports").multiPart("file", file.toFile()).when().post("/admin/imports").then()
                .statusCode(200).body(containsString("followed by a tab where a comma should be"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void uploadWithoutCsrfTokenIsRefused() {
        given().multiPart("file", corpus("base/accounts.csv").toFile()).when().post("/admin/imports")
                .then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "name", value = "Ada Lovelace") })
    void uploadingTheSampleShowsRowsPerKindAndTheRecalculationAndLandsInTheHistory() {
        PageClient.htmx("/admin/imports").multiPart("file", SAMPLE.resolve("all.zip").toFile())
                .when().post("/admin/imports")
                .then().statusCode(200)
                .header("HX-Trigger", "importFinished")
                .body(containsString("<h3 tabindex=\"-1\">Imported</h3>"))
                .body(containsString("<th scope=\"row\">usage</th><td class=\"num\">8,062</td>"))
                .body(containsString("/recalculation\" hx-trigger=\"load delay:300ms\""));
        given().when().get("/admin/imports/history").then().statusCode(200)
                .body(containsString("Ada Lovelace"))
                .body(containsString("accounts.csv"))
                .body(containsString("status-applied"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void badFileShowsEveryProblemInATableToFixTheFileFrom() throws Exception {
        Path file = Files.createTempDirectory("page").resolve("mrr.csv");
        Files.writeString(file, "account_id,month,mrr\nACC-1,2025-13,=HYPERLINK(\"x\")\n", StandardCharsets.UTF_8);
        String fragment = PageClient.htmx("/admin/imports").multiPart("file", file.toFile())
                .when().post("/admin/imports")
                .then().statusCode(200)
                .body(containsString("Nothing was imported: 2 problems to fix"))
                .body(containsString("<td class=\"num\" data-label=\"Line\">2</td>"
                        + "<td data-label=\"Column\"><code>month</code></td>"))
                .body(containsString("is not a real month"))
                .body(not(containsString("<h3 tabindex=\"-1\">Imported</h3>")))
                .extract().asString();
        String id = fragment.replaceAll("(?s).*/admin/imports/([0-9a-f-]{36})/problems.csv.*", "$1");
        given().when().get("/admin/imports/" + id + "/problems.csv").then().statusCode(200)
                .body(containsString("'=HYPERLINK(\"\"x\"\")"))
                .body(containsString("mrr,"));
        given().when().get("/admin/imports/" + id).then().statusCode(200)
                .body(containsString("2 problems</h2>"))
                .body(containsString("<li class=\"problem-group\">\n    <h3>")); // one level under the page's h2
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void plainFormPostWithoutJavaScriptGoesOnToTheImportsPage() {
        // the import's own page (303): reloading it reads the import, where the answer to a post sent the files again
        String location = plainUpload().multiPart("file", corpus("base/accounts.csv").toFile())
                .when().post("/admin/imports").then().statusCode(303).extract().header("Location");
        given().get(location).then().statusCode(200).body(containsString("status-applied"))
                .body(containsString("<th scope=\"row\">accounts.csv</th><td>accounts</td>"))
                // when it started and ended, each as a machine reads it too
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*<h1>Import of <time datetime=\"20\\d\\d-\\d\\d-"
                        + "\\d\\dT[^\"]+Z\">[^<]+ UTC</time></h1>.*<dt>Finished</dt><dd><time datetime=\"20.*"));
        given().get("/admin/imports/history").then().statusCode(200)
                .body(containsString("\"><time datetime=\"20"));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void csmMayNotImport() {
        given().when().get("/admin/imports").then().statusCode(403);
        given().when().get("/admin/imports/templates/mrr.csv").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void executiveMayNotImport() {
        given().when().get("/admin/imports").then().statusCode(403);
        given().when().get("/admin/imports/history").then().statusCode(403);
    }
}
