package dev.bellwether.ingest;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.corpus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.PageClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** The admin's import page: upload with CSRF, the result as a person reads it, history, templates, roles. */
@QuarkusTest
class ImportsPageTest {

    private static final String TENANT = "page-imports";

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void pageListsTheFormatsWithTemplatesToDownload() {
        given().when().get("/admin/imports").then().statusCode(200)
                .body(containsString("<h1>Data imports</h1>"))
                .body(containsString("href=\"/admin/imports/templates/opportunities.csv\""))
                .body(containsString("<strong>customer_since</strong>"))
                .body(containsString("name=\"csrf-token\""));
        given().when().get("/admin/imports/templates/mrr.csv").then().statusCode(200)
                .header("Content-Disposition", containsString("mrr.csv"))
                .body(equalTo("account_id,month,mrr\n"));
        given().when().get("/admin/imports/templates/revenue.csv").then().statusCode(404);
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
                .body(containsString("<h3>Imported</h3>"))
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
                .body(containsString("<td class=\"num\">2</td><td><code>month</code></td>"))
                .body(containsString("is not a real month"))
                .body(not(containsString("<h3>Imported</h3>")))
                .extract().asString();
        String id = fragment.replaceAll("(?s).*/admin/imports/([0-9a-f-]{36})/problems.csv.*", "$1");
        given().when().get("/admin/imports/" + id + "/problems.csv").then().statusCode(200)
                .body(containsString("'=HYPERLINK(\"\"x\"\")"))
                .body(containsString("mrr,"));
        given().when().get("/admin/imports/" + id).then().statusCode(200)
                .body(containsString("2 problems"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void plainFormPostWithoutJavaScriptAnswersTheWholePage() {
        String token = given().when().get("/admin/imports").then().extract().cookie("bw-csrf");
        given().cookie("bw-csrf", token).multiPart("csrf-token", token)
                .multiPart("file", corpus("base/accounts.csv").toFile())
                .when().post("/admin/imports")
                .then().statusCode(200)
                .body(containsString("<h1>Data imports</h1>"))
                .body(containsString("<h3>Imported</h3>"));
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
