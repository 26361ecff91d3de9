package dev.bellwether.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Saved views: a CSM keeps the CSM page's filters under a name (normalised to what the page reads),
 * sees their own and the shared ones, deletes their own; only an admin shares; another tenant sees
 * none of them, not even that they exist; bad input is a 422 that writes nothing; all audited.
 */
@QuarkusTest
class SavedViewsTest {

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        tenants.ensure(PAGE_TENANT);
    }

    static final String PAGE_TENANT = "views-page";

    @Inject
    Recalculations recalculations;

    @Inject
    TestTenants tenants;

    @Inject
    AuditLog audit;

    @Inject
    TenantData data;

    @Test
    void ownViewsSharedViewsAndTenantsStayApart() {
        String t = tenants.create("views");
        String other = tenants.create("views-other");
        String cam = FakeKeycloak.accessToken("cam", t, "csm");
        String cole = FakeKeycloak.accessToken("cole", t, "csm");
        String ada = FakeKeycloak.accessToken("ada", t, "admin");
        String gus = FakeKeycloak.accessToken("gus", other, "admin");

        String id = json(cam).body("{\"name\":\"  Risky renewals \",\"query\":\"scope=all&band=at-risk&band=nonsense"
                + "&renewal=90&page=3&q=N%C3%BCrnberg\"}").post("/api/v1/views").then().statusCode(201)
                .body("name", equalTo("Risky renewals"))
                .body("query", equalTo("scope=all&q=N%C3%BCrnberg&band=at_risk&renewal=90"))
                .body("shared", equalTo(false)).body("mine", equalTo(true))
                .body("ownerEmail", equalTo("cam@" + t + ".example")).extract().path("id");
        // saved again as it is (a retry, a second click): the same view, and no entry saying it was replaced
        String audited = data.single(t, "select count(*) from audit_event where kind = 'saved_view'");
        assertEquals("1", audited, "its creation");
        json(cam).body("{\"name\":\"Risky renewals\",\"query\":\"scope=all&band=at_risk&renewal=90&q=N%C3%BCrnberg\"}")
                .post("/api/v1/views").then().statusCode(201).body("id", equalTo(id));
        assertEquals(audited, data.single(t, "select count(*) from audit_event where kind = 'saved_view'"));
        given().auth().oauth2(cam).get("/api/v1/views").then().statusCode(200).body("name", equalTo(List.of(
                "Risky renewals")));
        given().auth().oauth2(cole).get("/api/v1/views").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(gus).get("/api/v1/views").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(gus).delete("/api/v1/views/" + id).then().statusCode(404);
        given().auth().oauth2(cole).delete("/api/v1/views/" + id).then().statusCode(404);

        json(cam).body("{\"name\":\"Everyone\",\"query\":\"\",\"shared\":true}").post("/api/v1/views").then()
                .statusCode(403);
        String shared = json(ada).body("{\"name\":\"Team: at risk\",\"query\":\"scope=all&band=at_risk\","
                + "\"shared\":true}").post("/api/v1/views").then().statusCode(201).extract().path("id");
        given().auth().oauth2(cole).get("/api/v1/views").then().body("name", equalTo(List.of("Team: at risk")))
                .body("[0].mine", equalTo(false));
        given().auth().oauth2(cole).delete("/api/v1/views/" + shared).then().statusCode(403);
        given().auth().oauth2(gus).get("/api/v1/views").then().body("$", hasSize(0));

        json(ada).body("{\"shared\":false}").patch("/api/v1/views/" + shared).then().statusCode(200)
                .body("shared", equalTo(false));
        given().auth().oauth2(cole).get("/api/v1/views").then().body("$", hasSize(0));
        json(cam).body("{\"shared\":true}").patch("/api/v1/views/" + id).then().statusCode(403);

        given().auth().oauth2(cam).delete("/api/v1/views/" + id).then().statusCode(204);
        given().auth().oauth2(cam).get("/api/v1/views").then().body("$", hasSize(0));

        List<String> summaries = TenantContext.call(t, () -> audit.page(AuditKind.SAVED_VIEW, 1, 50)).events()
                .stream().map(AuditLog.Event::summary).toList();
        assertEquals(List.of("Saved view deleted: Risky renewals", "Saved view no longer shared: Team: at risk",
                "Saved view created: Team: at risk", "Saved view created: Risky renewals"), summaries);
    }

    @Test
    void badInputIsA422NamingTheFieldAndWritesNothing() {
        String t = tenants.create("views-bad");
        String cam = FakeKeycloak.accessToken("cam", t, "csm");
        json(cam).body("{\"name\":\"   \",\"query\":\"scope=all\"}").post("/api/v1/views").then().statusCode(422)
                .body("errors[0].field", equalTo("name"));
        // a no-break or zero-width space alone is no name either: the menu's link would have none
        for (String invisible : List.of("\\u00a0", "\\u200b", " \\u2060 ")) {
            json(cam).body("{\"name\":\"" + invisible + "\",\"query\":\"scope=all\"}").post("/api/v1/views").then()
                    .statusCode(422).body("errors[0].field", equalTo("name"));
        }
        // one that turns the text around ("at risk" on screen) or hides a space: it would look like another name
        json(cam).body("{\"name\":\"\\u202eksir ta\",\"query\":\"scope=all\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].field", equalTo("name")).body("errors[0].message", equalTo("The"
                        + " name cannot hold U+202E, which changes the direction text is shown in: it would look like"
                        + " another name."));
        json(cam).body("{\"name\":\"At\\u200b risk\",\"query\":\"scope=all\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].message", equalTo("The name cannot hold U+200B, which is a space of"
                        + " no width: it would look like another name."));
        json(cam).body("{\"name\":\"" + "x".repeat(81) + "\",\"query\":\"\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].field", equalTo("name"));
        json(cam).body("{\"name\":\"Broken\",\"query\":\"q=%E0%A4%A\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].field", equalTo("query"));
        json(cam).body("{\"name\":\"Half \\ud83d\",\"query\":\"\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("lone UTF-16 surrogate"));
        // a control character is said to be one (it was called a length), and a bad query is named beside it
        json(cam).body("{\"name\":\"Renewals\\tQ4\",\"query\":\"%zz\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors.field", equalTo(List.of("name", "query")))
                .body("errors[0].message", equalTo("The name cannot hold a tab, a line break or another control"
                        + " character."))
                .body("errors[1].message", equalTo("The view's filters are not a valid query string."));
        // %00 is no NUL in the request's text, but the view's address would be refused each time it is opened
        json(cam).body("{\"name\":\"Nul\",\"query\":\"q=%00\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].field", equalTo("query"))
                .body("errors[0].message", containsString("U+0000"));
        // a misspelt field would save a view other than the one meant (private where it was to be shared)
        String ada = FakeKeycloak.accessToken("ada", t, "admin");
        json(ada).body("{\"name\":\"At risk\",\"query\":\"band=at_risk\",\"shraed\":true}").post("/api/v1/views")
                .then().statusCode(422).body("errors.field", equalTo(List.of("shraed")))
                .body("errors[0].message", equalTo("shraed is not a field here (expected name, query, shared)"));
        json(ada).body("{\"name\":\"At risk\",\"query\":7,\"shared\":\"yes\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors.field", equalTo(List.of("query", "shared")))
                .body("errors.message", equalTo(List.of("query must be text", "shared must be true or false")));
        json(ada).body("[]").post("/api/v1/views").then().statusCode(422).body("errors[0].field", equalTo("body"));
        json(ada).body("{\"shared\":true,\"name\":\"x\"}").patch("/api/v1/views/" + java.util.UUID.randomUUID())
                .then().statusCode(422).body("errors[0].field", equalTo("name"));
        json(cam).body("{\"shared\":true}").patch("/api/v1/views/not-a-uuid").then().statusCode(403);
        given().auth().oauth2(cam).delete("/api/v1/views/not-a-uuid").then().statusCode(404);
        String unverified = FakeKeycloak.accessToken("cam", t, "cam@" + t + ".example", false, "csm");
        json(unverified).body("{\"name\":\"Mine\",\"query\":\"\"}").post("/api/v1/views").then().statusCode(422)
                .body("errors[0].field", equalTo("owner"));
        given().auth().oauth2(cam).get("/api/v1/views").then().body("$", hasSize(0));
        assertEquals(0, TenantContext.call(t, () -> audit.page(AuditKind.SAVED_VIEW, 1, 50)).total());

        // a name's 80 characters are characters: 80 emoji fit, 81 do not
        json(cam).body("{\"name\":\"" + "⭐".repeat(40) + "🚀".repeat(41) + "\",\"query\":\"\"}").post("/api/v1/views")
                .then().statusCode(422).body("errors[0].field", equalTo("name"));
        json(cam).body("{\"name\":\"" + "🚀".repeat(80) + "\",\"query\":\"\"}").post("/api/v1/views").then()
                .statusCode(201);
        // a view saved without a scope keeps none: it opens each person's default, as the page's address does
        json(cam).body("{\"name\":\"No scope\",\"query\":\"band=at-risk&page=3\"}").post("/api/v1/views").then()
                .statusCode(201).body("query", equalTo("band=at_risk"));
        // nor does one with a scope the page does not know, or an empty one (not "all": a whole tenant's accounts)
        json(cam).body("{\"name\":\"Bogus scope\",\"query\":\"scope=bogus&band=at-risk\"}").post("/api/v1/views")
                .then().statusCode(201).body("query", equalTo("band=at_risk"));
        json(cam).body("{\"name\":\"Empty scope\",\"query\":\"scope=&band=at-risk\"}").post("/api/v1/views")
                .then().statusCode(201).body("query", equalTo("band=at_risk"));
    }

    @Test
    void aQueryIsMeasuredAsItIsStoredAndKeepsNoMonthOutOfRange() {
        String t = tenants.create("views-long");
        String cam = FakeKeycloak.accessToken("cam", t, "csm");
        // 500 euro signs sent as they are: 516 characters, 4,516 once written out (%E2%82%AC each)
        json(cam).body("{\"name\":\"Long\",\"query\":\"by=industry&key=" + "\\u20ac".repeat(500) + "\"}")
                .post("/api/v1/views").then().statusCode(422)
                .body("errors[0].field", equalTo("query"))
                .body("errors[0].message", containsString("2,000"));
        json(cam).body("{\"name\":\"Fits\",\"query\":\"by=industry&key=" + "\\u20ac".repeat(200) + "\"}")
                .post("/api/v1/views").then().statusCode(201)
                .body("query", equalTo("by=industry&key=" + "%E2%82%AC".repeat(200))); // no scope sent, none kept
        // months before 1900 or more than ten years ahead are dropped, like unreadable ones
        json(cam).body("{\"name\":\"Months\",\"query\":\"scope=all&cohort=%2B5874898-01&by=tenure&key=0-5"
                + "&at=-999999999-01\"}").post("/api/v1/views").then().statusCode(201)
                .body("query", equalTo("scope=all&by=tenure&key=0-5"));
        json(cam).body("{\"name\":\"Months\",\"query\":\"scope=all&cohort=1900-01&by=tenure&key=0-5&at=2026-03\"}")
                .post("/api/v1/views").then().statusCode(201)
                .body("query", equalTo("scope=all&by=tenure&key=0-5&at=2026-03&cohort=1900-01"));
        given().auth().oauth2(cam).get("/api/v1/views").then().body("name", equalTo(List.of("Fits", "Months")));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = PAGE_TENANT),
            @Claim(key = "email", value = "cam@views-page.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void theMenuSavesTheCurrentFiltersAndLinksBackToThem() {
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        RequestSpecification form = given().cookie("bw-csrf", token).header("X-CSRF-Token", token)
                .header("HX-Request", "true");
        String menu = form.formParam("name", "Mid-Market <b>risk</b>")
                .formParam("query", "scope=all&segment=Mid-Market&band=at_risk&band=needs_attention")
                .post("/csm/views").then().statusCode(200).body(containsString("<div id=\"saved-views\""))
                .extract().asString();
        assertTrue(menu.contains("href=\"/csm?scope=all&amp;band=needs_attention&amp;band=at_risk"
                + "&amp;segment=Mid-Market\">Mid-Market &lt;b&gt;risk&lt;/b&gt;</a>"), menu);
        assertTrue(menu.contains("<p class=\"flash\" data-focus-fallback>Saved “Mid-Market &lt;b&gt;risk&lt;/b&gt;”."
                + "</p>"), menu);
        // read out from the page's #views-status, which stays when the menu is put in anew
        assertTrue(menu.contains("<span hidden hx-swap-oob=\"innerHTML:#views-status\">Saved “Mid-Market &lt;b&gt;"
                + "risk&lt;/b&gt;”.</span>"), menu);
        assertTrue(!menu.contains("Share with everyone"), "a CSM cannot share");
        assertTrue(!menu.contains("data-refused"), "a saved view's form holds nothing to keep");
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("name", "").formParam("query", "scope=all").post("/csm/views").then().statusCode(422)
                .body(startsWith("<div id=\"saved-views\""))
                .body(containsString("<p id=\"view-error\" class=\"form-error\" role=\"alert\">"
                        + "Name the view in 1 to 80 characters."));
        // without htmx, the refusal is a page of its own, with the region the menu's next answers are read out from
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).formParam("name", "")
                .formParam("query", "scope=all").post("/csm/views").then().statusCode(422)
                .body(containsString("<h1>Saved views</h1>"))
                .body(containsString("<p id=\"views-status\" class=\"visually-hidden\" role=\"status\"></p>"));
        // a refused name stays in its field, to correct rather than type again
        String tooLong = "Renewals & <risk> " + "x".repeat(70);
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("name", tooLong).formParam("query", "scope=all").post("/csm/views").then().statusCode(422)
                .body(startsWith("<div id=\"saved-views\""))
                .body(containsString("value=\"Renewals &amp; &lt;risk&gt; " + "x".repeat(70)
                        + "\" aria-invalid=\"true\" aria-describedby=\"view-error\">"))
                // marked refused: a menu put in anew (a filter changed) before it is sent again keeps it (app.js)
                .body(containsString("hx-target=\"#saved-views\" hx-swap=\"outerHTML\" data-refused>"));
        // filters too long: said, but the name, which is fine, is not marked as the problem
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("name", "Long").formParam("query", "scope=all&q=" + "x".repeat(2_100)).post("/csm/views")
                .then().statusCode(422).body(containsString("<p id=\"view-error\" class=\"form-error\""))
                .body(containsString("value=\"Long\">")).body(not(containsString("aria-invalid=\"true\"")))
                // the refused filters stay as sent, so Save view again is refused again: it saved a view of none
                .body(containsString("name=\"query\" value=\"scope=all&amp;q=" + "x".repeat(2_100) + "\""));
        given().queryParam("query", "scope=mine").get("/csm/views").then().statusCode(200)
                .body(containsString(">Mid-Market &lt;b&gt;risk&lt;/b&gt;</a>"))
                .body(containsString("<input type=\"hidden\" name=\"query\" value=\"scope=mine\">"));
    }

    /** Each person keeps at most 50 views; replacing one of them by its name still works at 50. */
    @Test
    void eachPersonKeepsAtMostFiftyViews() {
        String t = tenants.create("views-fifty");
        String cam = FakeKeycloak.accessToken("cam", t, "csm");
        for (int i = 1; i <= 50; i++) {
            json(cam).body("{\"name\":\"View " + i + "\",\"query\":\"band=at_risk\"}").post("/api/v1/views").then()
                    .statusCode(201);
        }
        json(cam).body("{\"name\":\"View 51\",\"query\":\"band=at_risk\"}").post("/api/v1/views").then()
                .statusCode(422).body("errors[0].field", equalTo("owner"))
                .body("errors[0].message", containsString("50"));
        json(cam).body("{\"name\":\"View 7\",\"query\":\"band=healthy\"}").post("/api/v1/views").then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)).body("query", equalTo("band=healthy"));
        given().auth().oauth2(cam).get("/api/v1/views").then().body("$", hasSize(50));
        // another person of the tenant has fifty of their own
        json(FakeKeycloak.accessToken("cole", t, "csm")).body("{\"name\":\"View 1\",\"query\":\"\"}")
                .post("/api/v1/views").then().statusCode(201);
    }

    /** An admin who stops sharing a colleague's view is told whose it is again, not that it is theirs. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = PAGE_TENANT),
            @Claim(key = "email", value = "ada@views-page.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void stoppingSharingAColleaguesViewSaysWhoseItIs() {
        String id = data.single(PAGE_TENANT, "insert into saved_view (tenant_id, id, owner_email, name, query, shared)"
                + " values ('" + PAGE_TENANT + "', gen_random_uuid(), 'cole@views-page.example', 'Cole renewals "
                + java.util.UUID.randomUUID().toString().substring(0, 8) + "', 'scope=all', true) returning id");
        String token = given().get("/csm").then().extract().cookie("bw-csrf");
        given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true")
                .formParam("shared", "false").formParam("query", "scope=all").post("/csm/views/" + id + "/share")
                .then().statusCode(200)
                .body(containsString("is no longer shared: it is cole@views-page.example&#39;s alone again."));
        // two shared views of one name are told apart by their owners; one's own shared view names nobody
        String name = "Renewals " + java.util.UUID.randomUUID().toString().substring(0, 8);
        for (String owner : List.of("cole@views-page.example", "dana@views-page.example")) {
            data.single(PAGE_TENANT, "insert into saved_view (tenant_id, id, owner_email, name, query, shared)"
                    + " values ('" + PAGE_TENANT + "', gen_random_uuid(), '" + owner + "', '" + name
                    + "', 'scope=all', true) returning 1");
        }
        String menu = given().get("/csm").then().statusCode(200).extract().asString();
        for (String owner : List.of("cole@views-page.example", "dana@views-page.example")) {
            assertTrue(menu.contains(">" + name + "</a> <span class=\"status\" title=\"Shared with everyone in the"
                    + " tenant\">shared</span> <span class=\"muted small view-owner\">by " + owner + "</span>"), owner);
        }
        assertFalse(menu.contains("by ada@views-page.example"), "one's own view");
    }

    /**
     * Posted without htmx (before it loaded, or without JavaScript), the menu's forms send the browser back
     * to the list (303) saying what was done; a refused name is the menu on a page of its own, saying why.
     */
    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = PAGE_TENANT),
            @Claim(key = "email", value = "cam@views-page.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void theMenuWorksWithoutHtmx() {
        recalculations.loadSample(PAGE_TENANT); // the list and its menu show once there are figures
        PageClient.form("/csm").formParam("name", "Renewing soon").formParam("query", "scope=all&renewal=90")
                .post("/csm/views").then().statusCode(303)
                .header("Location", endsWith("/csm?scope=all&renewal=90&done=saved"));
        String list = given().get("/csm?scope=all&renewal=90&done=saved").then().statusCode(200).extract()
                .asString();
        assertTrue(list.contains("<div id=\"bulk-result\" class=\"bulk-result\" aria-live=\"polite\">"
                + "<p class=\"flash\">View saved.</p></div>"), "said above the list, in a region that reads it out");
        java.util.regex.Matcher delete = java.util.regex.Pattern
                .compile(">Renewing soon</a>(?s:.*?)action=\"/csm/views/([0-9a-f-]+)/delete\"").matcher(list);
        assertTrue(delete.find(), "the saved view, deletable");

        String refused = PageClient.form("/csm").formParam("name", " ").formParam("query", "scope=all")
                .post("/csm/views").then().statusCode(422).extract().asString();
        assertTrue(refused.contains("<h1>Saved views</h1>"), "a page of its own");
        assertTrue(refused.contains("Name the view in 1 to 80 characters."), refused);
        assertTrue(refused.contains("<a href=\"/csm?scope=all\">Accounts</a>"), "the way back to the list");

        PageClient.form("/csm").formParam("query", "scope=all&renewal=90")
                .post("/csm/views/" + delete.group(1) + "/delete").then().statusCode(303)
                .header("Location", endsWith("/csm?scope=all&renewal=90&done=deleted"));
        assertTrue(!given().get("/csm").then().extract().asString().contains(">Renewing soon</a>"), "deleted");
    }

    /** Two saves of one new name at once take turns: before, both inserted and the second was a 500. */
    @Test
    void twoSavesOfOneNewNameAtOnceTakeTurns() throws Exception {
        String t = tenants.create("views-race");
        String cam = FakeKeycloak.accessToken("cam", t, "csm");
        List<java.util.concurrent.CompletableFuture<Integer>> saves = new java.util.ArrayList<>();
        try (java.sql.Connection other = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("select pg_advisory_xact_lock(hashtext('" + t + "'), hashtext('bellwether.saved-views:" + t
                    + ":cam@" + t + ".example'))");
            for (String query : List.of("scope=all&band=at_risk", "scope=all&band=healthy")) {
                saves.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> json(cam)
                        .body("{\"name\":\"Renewals\",\"query\":\"" + query + "\"}").post("/api/v1/views")
                        .statusCode()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (waiting(st) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, waiting(st), "both saves wait for the person's views");
            other.commit();
        }
        for (java.util.concurrent.CompletableFuture<Integer> save : saves) {
            int status = save.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(status == 200 || status == 201, "answered " + status);
        }
        given().auth().oauth2(cam).get("/api/v1/views").then().body("name", equalTo(List.of("Renewals")));
    }

    /** Two deletions of one view at once (a double click): one deletes it, the other finds it gone, 404, not 500. */
    @Test
    void twoDeletionsOfOneViewAtOnceAreA204AndA404() throws Exception {
        String t = tenants.create("views-twice");
        String cam = FakeKeycloak.accessToken("cam", t, "csm");
        String id = json(cam).body("{\"name\":\"Mine\",\"query\":\"band=at_risk\"}").post("/api/v1/views").then()
                .statusCode(201).extract().path("id");
        List<java.util.concurrent.CompletableFuture<Integer>> deletions = new java.util.ArrayList<>();
        try (java.sql.Connection other = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("select id from saved_view where id = '" + id + "' for update");
            for (int i = 0; i < 2; i++) {
                deletions.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(cam)
                        .delete("/api/v1/views/" + id).statusCode()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (rowWaits(st) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, rowWaits(st), "both deletions wait for the view");
            other.commit();
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        for (java.util.concurrent.CompletableFuture<Integer> deletion : deletions) {
            statuses.add(deletion.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        statuses.sort(null);
        assertEquals(List.of(204, 404), statuses);
    }

    private static long rowWaits(java.sql.Statement st) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("select count(distinct pid) from pg_locks where not granted"
                + " and locktype in ('transactionid', 'tuple') and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long waiting(java.sql.Statement st) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("select count(*) from pg_locks where not granted"
                + " and locktype = 'advisory' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static RequestSpecification json(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
