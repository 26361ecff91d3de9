package dev.bellwether.health;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/v1/health-model}: the default model, validation with reasons, versions, recalculation. */
@QuarkusTest
class HealthModelApiTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Test
    void everyRoleReadsTheDefaultModel() {
        String tenant = tenants.create("model");
        given().auth().oauth2(FakeKeycloak.accessToken("cam", tenant, "csm")).get("/api/v1/health-model").then()
                .statusCode(200)
                .body("version", equalTo(0))
                .body("weights.usage", equalTo(40.0f)).body("weights.engagement", equalTo(25.0f))
                .body("weights.outcomes", equalTo(20.0f)).body("weights.financial", equalTo(15.0f))
                .body("measures", hasSize(7))
                .body("measures.find { it.measure == 'daysSinceContact' }.poor", equalTo(90.0f))
                .body("measures.find { it.measure == 'daysSinceContact' }.good", equalTo(14.0f))
                .body("measures.find { it.measure == 'mrrChange3m' }.component", equalTo("financial"))
                .body("bands.healthy", equalTo(70.0f)).body("bands.atRisk", equalTo(40.0f))
                .body("alerts.rule",
                        contains("at-risk", "health-drop", "usage-decline", "detractor", "renewal-risk", "no-contact"))
                .body("alerts.find { it.rule == 'no-contact' }.threshold", equalTo(60.0f));
    }

    /**
     * Spaces around a segment were accepted once, then refused: a version saved in between failed every read of
     * the model (pages, API, recalculations), the save that would replace it included. V46 drops those weights,
     * which never applied to any account (imports trim segments); this runs its statement on such a version.
     * V52 does the same for the characters imports trim since (an ideographic space, a C1 control).
     */
    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = { "V46__health_model_segments_without_spaces.sql, 'Enterprise '",
        "V52__health_model_drops_unicode_spaced_segments.sql, E'Enterprise\\u3000'",
        "V52__health_model_drops_unicode_spaced_segments.sql, E'\\u0085Enterprise'" })
    void aVersionSavedWithSpacesAroundASegmentReadsAgainOnceMigrated(String file, String spaced) throws Exception {
        String tenant = tenants.create("model-spaces");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"segmentWeights\":{\"Enterprise\":{\"usage\":30,\"engagement\":30,\"outcomes\":20,"
                        + "\"financial\":20}}}")
                .put("/api/v1/health-model").then().statusCode(200);
        data.single(tenant, "with changed as (update health_model set model = jsonb_set(model, '{segmentWeights}',"
                + " model -> 'segmentWeights' || jsonb_build_object(" + spaced + ", jsonb_build_object('usage', 10,"
                + " 'engagement', 10, 'outcomes', 40, 'financial', 40))) returning 1) select count(*) from changed");
        given().auth().oauth2(token).get("/api/v1/health-model").then().statusCode(500);

        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/" + file)) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        assertEquals("1", data.single(tenant, "with done as (" + migration.substring(0, migration.length() - 1)
                + " returning 1) select count(*) from done"));
        given().auth().oauth2(token).get("/api/v1/health-model").then().statusCode(200)
                .body("segmentWeights.keySet()", contains("Enterprise"))
                .body("segmentWeights.Enterprise.usage", equalTo(30.0f));
    }

    /**
     * A threshold outside its rule's range was accepted once (1e12 days), then refused: a version saved in between
     * failed every recalculation and the alert-rules page. V53 resets such thresholds to their rule's default.
     */
    @Test
    void aVersionSavedWithAThresholdOutOfRangeIsRepairedByV53() throws Exception {
        String tenant = tenantWithASavedVersion("model-thresholds");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V53__reset_out_of_range_alert_thresholds.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        asSuperuser("update health_model set model = jsonb_set(model, '{alerts}', (select jsonb_agg(case"
                + " a ->> 'rule' when 'renewal-risk' then jsonb_set(a, '{threshold}', '1e12')"
                + " when 'detractor' then jsonb_set(a, '{threshold}', '\"Infinity\"')"
                + " when 'usage-decline' then jsonb_set(a, '{threshold}', '-250') else a end order by o)"
                + " from jsonb_array_elements(model -> 'alerts') with ordinality e(a, o)))"
                + " where tenant_id = '" + tenant + "'", migration);
        given().auth().oauth2(token).get("/api/v1/health-model").then().statusCode(200)
                .body("alerts.find { it.rule == 'renewal-risk' }.threshold", equalTo(90.0f))
                .body("alerts.find { it.rule == 'detractor' }.threshold", equalTo(6.0f))
                .body("alerts.find { it.rule == 'usage-decline' }.threshold", equalTo(-25.0f))
                .body("alerts.find { it.rule == 'no-contact' }.threshold", equalTo(45.0f))
                .body("alerts.find { it.rule == 'at-risk' }.threshold", org.hamcrest.Matchers.nullValue())
                .body("alerts.rule", contains("at-risk", "health-drop", "usage-decline", "detractor", "renewal-risk",
                        "no-contact"));
    }

    /**
     * A weight on a component without measures was accepted once, then refused: a version saved in between still
     * takes changes that add no such problem (its alert rules, its bands), and only a new one is named.
     */
    @Test
    void aVersionSavedWithAWeightNoMeasureUsesStillTakesOtherChanges() throws Exception {
        String tenant = tenantWithASavedVersion("model-unmeasured");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        // both of outcomes' measures moved to engagement, outcomes still weighing 20
        asSuperuser("update health_model set model = jsonb_set(model, '{measures}', (select jsonb_agg(case"
                + " when m ->> 'component' = 'outcomes' then jsonb_set(m, '{component}', '\"engagement\"')"
                + " else m end order by o) from jsonb_array_elements(model -> 'measures') with ordinality e(m, o)))"
                + " where tenant_id = '" + tenant + "'");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"no-contact\",\"threshold\":60}],\"bands\":{\"healthy\":75,"
                        + "\"atRisk\":35}}")
                .put("/api/v1/health-model").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/health-model").then().statusCode(200)
                .body("bands.healthy", equalTo(75.0f))
                .body("alerts.find { it.rule == 'no-contact' }.threshold", equalTo(60.0f));
        // a change that leaves another component without measures is refused, naming that one only
        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"measures":[{"measure":"seatUtilization","component":"usage","poor":20,"good":80},
                             {"measure":"usageTrend","component":"usage","poor":-30,"good":10},
                             {"measure":"daysSinceContact","component":"engagement","poor":90,"good":14},
                             {"measure":"openTickets","component":"engagement","poor":5,"good":0},
                             {"measure":"nps","component":"engagement","poor":-50,"good":50},
                             {"measure":"csat","component":"engagement","poor":50,"good":90},
                             {"measure":"mrrChange3m","component":"usage","poor":-20,"good":5}]}""")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("weights.financial: no measure belongs to financial, so its weight would"
                        + " never count; move a measure to it or set its weight to 0"));
    }

    /** A new tenant whose admin saved a version (no-contact after 45 days): one stored row to rewrite by hand. */
    private String tenantWithASavedVersion(String name) {
        String tenant = tenants.create(name);
        given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin")).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"no-contact\",\"threshold\":45}]}")
                .put("/api/v1/health-model").then().statusCode(200);
        return tenant;
    }

    /** Runs {@code statements} as the database's superuser, past row-level security: a version as stored once. */
    private static void asSuperuser(String... statements) throws java.sql.SQLException {
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void onlyAdminsChangeIt() {
        String tenant = tenants.create("model");
        for (String role : new String[] { "csm", "executive" }) {
            given().auth().oauth2(FakeKeycloak.accessToken("x", tenant, role)).contentType(ContentType.JSON)
                    .body("{\"weights\":{\"usage\":25,\"engagement\":25,\"outcomes\":25,\"financial\":25}}")
                    .put("/api/v1/health-model").then().statusCode(403);
        }
    }

    @Test
    void invalidModelsAnswer422WithEveryReason() {
        String token = FakeKeycloak.accessToken("ada", tenants.create("model"), "admin");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"weights":{"usage":40,"engagement":25,"outcomes":20,"financial":25},
                 "measures":[{"measure":"seatUtilization","component":"usage","poor":50,"good":50},
                             {"measure":"usageTrend","component":"usage","poor":-30,"good":10},
                             {"measure":"daysSinceContact","component":"engagement","poor":90,"good":14},
                             {"measure":"openTickets","component":"engagement","poor":5,"good":0},
                             {"measure":"nps","component":"outcomes","poor":-50,"good":50},
                             {"measure":"csat","component":"outcomes","poor":50,"good":90},
                             {"measure":"mrrChange3m","component":"financial","poor":-20,"good":5}],
                 "bands":{"healthy":40,"atRisk":70}}""")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", hasSize(3))
                .body("problems", hasItem("weights: the weights sum to 110; they must sum to 100"))
                .body("problems", hasItem(containsString("measures.seatUtilization: poor and good bounds are equal")))
                .body("problems", hasItem(containsString("bands: the healthy threshold (40) must be above")));
        // every measure of usage moved to engagement: usage's weight would never count (all of it: nobody scored)
        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"weights":{"usage":100,"engagement":0,"outcomes":0,"financial":0},
                 "segmentWeights":{"SMB":{"usage":0,"engagement":50,"outcomes":50,"financial":0}},
                 "measures":[{"measure":"seatUtilization","component":"engagement","poor":50,"good":90},
                             {"measure":"usageTrend","component":"engagement","poor":-30,"good":10},
                             {"measure":"daysSinceContact","component":"engagement","poor":90,"good":14},
                             {"measure":"openTickets","component":"engagement","poor":5,"good":0},
                             {"measure":"nps","component":"engagement","poor":-50,"good":50},
                             {"measure":"csat","component":"engagement","poor":50,"good":90},
                             {"measure":"mrrChange3m","component":"financial","poor":-20,"good":5}],
                 "bands":{"healthy":70,"atRisk":40}}""")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("weights.usage: no measure belongs to usage, so its weight would never"
                        + " count; move a measure to it or set its weight to 0", "segmentWeights.SMB.outcomes: no"
                        + " measure belongs to outcomes, so its weight would never count; move a measure to it or set"
                        + " its weight to 0"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"segmentWeights\":{\"Enterprise\":"
                        + "{\"usage\":10,\"engagement\":10,\"outcomes\":10,\"financial\":10}},"
                        + "\"alerts\":[{\"rule\":\"no-such-rule\"}]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", hasItem("alerts: unknown rule 'no-such-rule'"));
        // a list or map longer than the model can have is one problem, before its entries' (a 10 MB list of {} made
        // one problem per entry)
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"measures\":[" + "{},".repeat(50_000) + "{}],\"alerts\":[" + "{},".repeat(7) + "{}]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("measures: lists 50001 entries; the model has 7 measures, each listed once",
                        "alerts: lists 8 entries; there are 6 alert rules, each given at most once"));
        StringBuilder segments = new StringBuilder("{\"segmentWeights\":{");
        for (int i = 0; i <= 1_000; i++) {
            segments.append(i == 0 ? "" : ",").append("\"S").append(i)
                    .append("\":{\"usage\":40,\"engagement\":25,\"outcomes\":20,\"financial\":15}");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(segments.append("}}").toString())
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems",
                        contains("segmentWeights: names 1001 segments; at most 1000 may have weights of their own"));
        StringBuilder components = new StringBuilder("{\"weights\":{\"usage\":100");
        for (int i = 0; i < 10_000; i++) {
            components.append(",\"c").append(i).append("\":0");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(components.append("}}").toString())
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("weights: names 10001 components; there are 4: usage, engagement, outcomes,"
                        + " financial"));
        // the at-risk rule follows the band: a threshold sent for it is refused, not dropped in silence
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"at-risk\",\"threshold\":30}]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("alerts: rule 'at-risk' has no threshold: it fires on the at-risk band"
                        + " (set bands.atRisk), so send null or leave threshold out"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"at-risk\",\"enabled\":true,\"threshold\":null}]}")
                .put("/api/v1/health-model").then().statusCode(200);
        // thresholds outside what their measure can take would break every later recalculation
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"renewal-risk\",\"threshold\":1e12},"
                        + "{\"rule\":\"no-contact\",\"threshold\":45.5},{\"rule\":\"detractor\",\"threshold\":11},"
                        + "{\"rule\":\"health-drop\",\"threshold\":1e400}]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", hasSize(4))
                .body("problems", hasItem(startsWith("alerts.renewal-risk: the threshold must be a whole number of days"
                        + " from 0 to 3650")))
                .body("problems", hasItem(startsWith("alerts.no-contact: the threshold must be a whole number")))
                .body("problems", hasItem(startsWith("alerts.detractor: the threshold must be a number from 0 to 10")))
                .body("problems", hasItem(startsWith("alerts.health-drop: the threshold must be a number from 0")));
        // bounds so far apart that good − poor overflows, and a weight beyond 100 (the sum then infinite)
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("""
                        {"weights":{"usage":1e400,"engagement":0,"outcomes":0,"financial":0},
                         "measures":[{"measure":"seatUtilization","component":"usage","poor":-1e308,"good":1e308},
                                     {"measure":"usageTrend","component":"usage","poor":-30,"good":10},
                                     {"measure":"daysSinceContact","component":"engagement","poor":90,"good":14},
                                     {"measure":"openTickets","component":"engagement","poor":5,"good":0},
                                     {"measure":"nps","component":"outcomes","poor":-50,"good":50},
                                     {"measure":"csat","component":"outcomes","poor":50,"good":90},
                                     {"measure":"mrrChange3m","component":"financial","poor":-20,"good":5}]}""")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("weights.usage must lie between 0 and 100",
                        "measures.seatUtilization: poor and good must lie between -1,000,000,000 and 1,000,000,000"));
        // a threshold read as infinite is named out of range (writing it as a number once gave a 500)
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"bands\":{\"healthy\":70,\"atRisk\":1e400}}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("bands.atRisk must lie between 0 and 100"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"bands\":{\"healthy\":-1e400,\"atRisk\":40}}").put("/api/v1/health-model").then()
                .statusCode(422).body("problems", contains("bands.healthy must lie between 0 and 100"));
        // an entry or a section that is null is named, not a 500
        for (String body : List.of("{\"segmentWeights\":{\"SMB\":null}}", "{\"measures\":[null]}",
                "{\"alerts\":[null]}")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put("/api/v1/health-model").then()
                    .statusCode(422).body("error", equalTo("invalid_model")).body("problems", hasSize(1));
        }
        // a rule given twice (the last silently won), a segment no import stores: spaces around it, a lone surrogate
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"health-drop\",\"threshold\":10},"
                        + "{\"rule\":\"health-drop\",\"threshold\":20}]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("alerts: rule 'health-drop' is given twice"));
        String weights = "{\"usage\":40,\"engagement\":25,\"outcomes\":20,\"financial\":15}";
        for (String spaced : List.of("Enterprise ", "Enterprise\\u3000", "\\u0085Enterprise")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"segmentWeights\":{\"" + spaced + "\":" + weights + "}}")
                    .put("/api/v1/health-model").then().statusCode(422)
                    .body("problems", contains("segmentWeights: 'Enterprise' has spaces around it; your accounts'"
                            + " segments never do"));
        }
        // a lone surrogate; a no-break space alone, or a zero-width one with a space, that no import takes (both were
        // saved, weights no account could ever carry)
        for (String invisible : List.of("\\ud800", "\\u00a0", "\\u200b ")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"segmentWeights\":{\"" + invisible + "\":" + weights + "}}")
                    .put("/api/v1/health-model").then().statusCode(422)
                    .body("problems", contains("segmentWeights: a segment is the text your accounts carry, 1 to 64"
                            + " characters, not all of them spaces or characters that show as nothing"));
        }
        // a number as text, true as text, a list for an object: named, not taken as meant
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":\"40\",\"engagement\":25,\"outcomes\":20,\"financial\":15}}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("weights.usage must be a number, as in the model the API answers"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"alerts\":[{\"rule\":\"health-drop\",\"enabled\":\"true\"}]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("alerts[0].enabled must be true or false, as in the model the API answers"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"bands\":[70,40]}")
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("bands must be an object {...}, as in the model the API answers"));
        // a key named twice: which one was meant nobody knows
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":40,\"usage\":30,\"engagement\":25,\"outcomes\":20,"
                        + "\"financial\":15}}")
                .put("/api/v1/health-model").then().statusCode(400)
                .body("message", equalTo("The body is not JSON that can be read: Duplicate field 'usage' (line 1,"
                        + " column 31)"));
        // one brace too many: the rest of the body ("bands") would be dropped, and the weights saved without it
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":30,\"engagement\":35,\"outcomes\":20,\"financial\":15}},"
                        + " \"bands\":{\"healthy\":80,\"atRisk\":50}}")
                .put("/api/v1/health-model").then().statusCode(400)
                .body("message", equalTo("The body is not JSON that can be read: Unexpected character (',' (code 44)):"
                        + " expected a value (line 1, column 70)"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"currency\":\"EUR\",\"qbrSegments\":[]}"
                + " {\"currency\":\"GBP\"}").put("/api/v1/settings").then().statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("message", org.hamcrest.Matchers.startsWith("The body is not JSON that can be read: a second"
                        + " value follows the first (send one JSON value) (line 1, column"));
        // a value of the wrong kind where the body is bound to fields: named, not an empty 400
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"band\":[\"x\"],\"reason\":\"\"}")
                .put("/api/v1/accounts/ACC-00001/override").then().statusCode(400).body("error", equalTo("bad_request"))
                .body("message", org.hamcrest.Matchers.startsWith("The body is not JSON that can be read: band holds a"
                        + " value of the wrong kind (line 1"));
        given().auth().oauth2(token).get("/api/v1/health-model").then().body("version", equalTo(0));
    }

    @Test
    void theModelInUseWithItsMeasuresInAnotherOrderChangesNothing() throws Exception {
        String token = FakeKeycloak.accessToken("ada", tenants.create("model"), "admin");
        com.fasterxml.jackson.databind.node.ObjectNode model = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(given().auth().oauth2(token)
                        .get("/api/v1/health-model").then().statusCode(200).extract().asString());
        com.fasterxml.jackson.databind.node.ArrayNode measures = (com.fasterxml.jackson.databind.node.ArrayNode)
                model.get("measures");
        List<com.fasterxml.jackson.databind.JsonNode> reversed = new java.util.ArrayList<>();
        measures.forEach(reversed::add);
        java.util.Collections.reverse(reversed);
        measures.removeAll();
        measures.addAll(reversed);
        model.remove(List.of("version", "createdAt", "createdBy"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(model.toString())
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(0));
        given().auth().oauth2(token).get("/api/v1/health-model").then().body("version", equalTo(0));
        // a zero written -0 (open tickets are good at 0) is the same model too
        String signed = model.toString().replaceAll("(\"good\":)0(\\.0)?([,}])", "$1-0.0$3");
        org.junit.jupiter.api.Assertions.assertTrue(signed.contains("\"good\":-0.0"), signed);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(signed)
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(0));
        given().auth().oauth2(token).get("/api/v1/health-model").then().body("version", equalTo(0));
    }

    @Test
    void aChangeIsANewVersionWithWhoAndWhenAndRecalculatesTheScores() {
        String tenant = tenants.create("model");
        String token = sampleLoaded(tenant);
        String before = data.single(tenant, "select health from account_snapshot where account_id = 'ACC-00001'");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":10,\"engagement\":10,\"outcomes\":10,\"financial\":70},"
                        + "\"segmentWeights\":{\"Enterprise\":"
                        + "{\"usage\":25,\"engagement\":25,\"outcomes\":25,\"financial\":25}}}")
                .put("/api/v1/health-model").then().statusCode(200)
                .body("version", equalTo(1))
                .body("recalculation", equalTo("pending"));
        recalculations.awaitIdle(tenant);

        given().auth().oauth2(token).get("/api/v1/health-model").then().statusCode(200)
                .body("version", equalTo(1)).body("createdBy", equalTo("ada"))
                .body("weights.financial", equalTo(70.0f))
                .body("segmentWeights.Enterprise.usage", equalTo(25.0f))
                .body("measures", hasSize(7));
        given().auth().oauth2(token).get("/api/v1/health-model/versions").then().body("version", contains(1));
        String after = data.single(tenant, "select health from account_snapshot where account_id = 'ACC-00001'");
        assertNotEquals(before, after, "ACC-00001 (Enterprise) is scored with the override now");
        // ACC-00001 is Enterprise: components usage 58.70, engagement 90, outcomes 100, financial 80, all equal weights
        assertEquals((58.70400142908181 + 90 + 100 + 80) / 4, Double.parseDouble(after), 1e-9);
        assertEquals("1", data.single(tenant, "select min(model_version) from account_history"));
        given().auth().oauth2(token).get("/api/v1/accounts/ACC-00001").then()
                .body("explanation.modelVersion", equalTo(1))
                .body("explanation.components.find { it.component == 'usage' }.effectiveWeight", equalTo(25.0f));
    }

    @Test
    void aChangeMadeOnAnOlderVersionIsRefusedWithIfMatch() {
        String tenant = tenants.create("model-etag");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        given().auth().oauth2(token).get("/api/v1/health-model").then().statusCode(200).header("ETag", "\"0\"");
        String weights = "{\"weights\":{\"usage\":10,\"engagement\":10,\"outcomes\":10,\"financial\":70}}";
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(weights)
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(1));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body("{\"bands\":{\"healthy\":80,\"atRisk\":30}}")
                .put("/api/v1/health-model").then().statusCode(412).header("ETag", "\"1\"")
                .body("error", equalTo("model_changed")).body("version", equalTo(1));
        // the first change sent again (a retry of a request that worked): in use already, so nothing to do, no 412
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"0\"").body(weights)
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(1))
                .body("recalculation", equalTo("none"));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "three").body(weights)
                .put("/api/v1/health-model").then().statusCode(400).body("error", equalTo("bad_if_match"));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(weights)
                .put("/api/v1/health-model").then().statusCode(422)
                .body("problems", contains("base: there is no health-model version 7"));
        given().auth().oauth2(token).get("/api/v1/health-model").then().header("ETag", "\"1\"")
                .body("bands.healthy", equalTo(70.0f));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "W/\"1\"")
                .body("{\"bands\":{\"healthy\":80,\"atRisk\":30}}")
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(2))
                .body("model.weights.financial", equalTo(70.0f)).body("model.bands.healthy", equalTo(80.0f));
        // the GET's body sent back with its version (no If-Match): that version is the base too
        String read = "{\"version\":1,\"createdBy\":\"ada\",\"bands\":{\"healthy\":75,\"atRisk\":30}}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(read).put("/api/v1/health-model").then()
                .statusCode(412).header("ETag", "\"2\"").body("version", equalTo(2))
                .body("message", org.hamcrest.Matchers.endsWith("(the body's version names the one you changed; leave"
                        + " version out to save on the one in use)"));
        // a model copied from elsewhere names a version this organisation never had: said in the body's words
        given().auth().oauth2(token).contentType(ContentType.JSON).body(read.replace("\"version\":1", "\"version\":9"))
                .put("/api/v1/health-model").then().statusCode(422).body("problems", contains("version: there is no"
                        + " health-model version 9 (the body's version names the one you changed; leave version out to"
                        + " save on the one in use)"));
        given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(read)
                .put("/api/v1/health-model").then().statusCode(422).body("problems", contains("version: the body names"
                        + " version 1 and If-Match version 2: send one of them, or the same"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(read.replace("\"version\":1", "\"version\":2"))
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(3))
                .body("model.bands.healthy", equalTo(75.0f));
    }

    @Test
    void twoChangesAtOnceTakeTurnsAndNeitherIsLost() throws Exception {
        String tenant = tenants.create("model-turns");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        CompletableFuture<Integer> weights;
        CompletableFuture<Integer> alerts;
        try (Connection holder = DatabaseBootstrap.superuserConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("select pg_advisory_xact_lock(hashtext('" + tenant
                        + "'), hashtext('bellwether.health-model:" + tenant + "'))");
            }
            weights = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"weights\":{\"usage\":10,\"engagement\":10,\"outcomes\":10,\"financial\":70}}")
                    .put("/api/v1/health-model").then().extract().statusCode());
            alerts = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"alerts\":[{\"rule\":\"no-contact\",\"threshold\":45}]}")
                    .put("/api/v1/health-model").then().extract().statusCode());
            awaitWaitingForTheLock(holder, 2);
            holder.commit();
        }
        assertEquals(List.of(200, 200), List.of(weights.get(30, TimeUnit.SECONDS), alerts.get(30, TimeUnit.SECONDS)));
        given().auth().oauth2(token).get("/api/v1/health-model/versions").then().body("version", contains(2, 1));
        given().auth().oauth2(token).get("/api/v1/health-model").then().body("version", equalTo(2))
                .body("weights.financial", equalTo(70.0f))
                .body("alerts.find { it.rule == 'no-contact' }.threshold", equalTo(45.0f));
    }

    /** A change waits 5 s for an import writing the model (its health-model.json), then is refused: 409. */
    @Test
    void aChangeWhileAnImportWritesTheModelIs409() throws Exception {
        String tenant = tenants.create("model-busy");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        try (Connection holder = DatabaseBootstrap.superuserConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("select pg_advisory_xact_lock(hashtext('" + tenant
                        + "'), hashtext('bellwether.health-model:" + tenant + "'))");
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body("{\"weights\":{\"usage\":10,\"engagement\":10,\"outcomes\":10,\"financial\":70}}")
                        .put("/api/v1/health-model").then().statusCode(409).body("message", equalTo("Your"
                                + " organisation's health model is being written (an import carries one): save again"
                                + " once it ends. Nothing was changed."));
            } finally {
                holder.rollback();
            }
        }
        given().auth().oauth2(token).get("/api/v1/health-model").then().body("version", equalTo(0))
                .body("weights.financial", equalTo(15.0f));
    }

    /** Until {@code count} sessions wait for an advisory lock. */
    private static void awaitWaitingForTheLock(Connection watch, int count) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (Statement statement = watch.createStatement();
                    ResultSet waiting = statement.executeQuery("select count(*) from pg_locks"
                            + " where locktype = 'advisory' and not granted")) {
                waiting.next();
                if (waiting.getInt(1) >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the changes never waited for their turn");
    }

    @Test
    void anAccountIsExplainedWithTheModelVersionThatScoredItUntilItIsRecalculated() {
        String tenant = tenants.create("model-scored");
        String token = sampleLoaded(tenant);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":10,\"engagement\":10,\"outcomes\":10,\"financial\":70}}")
                .put("/api/v1/health-model").then().statusCode(200).body("version", equalTo(1));
        recalculations.awaitIdle(tenant);
        // version 2 written straight into the table: no recalculation has scored with it yet
        assertEquals("2", data.single(tenant, "with v as (insert into health_model (tenant_id, version, model,"
                + " created_by) select tenant_id, 2, jsonb_set(model, '{weights,usage}', '70'), 'test'"
                + " from health_model where version = 1 returning version) select version from v"));
        given().auth().oauth2(token).get("/api/v1/health-model").then().body("version", equalTo(2));

        // ACC-00002 (SMB) at 2026-10: usage 55.56, engagement 75.66, outcomes 100, financial 80, all present
        given().auth().oauth2(token).get("/api/v1/accounts/ACC-00002").then().statusCode(200)
                .body("explanation.modelVersion", equalTo(1))
                .body("explanation.components.find { it.component == 'usage' }.weight", equalTo(10.0f))
                .body("explanation.components.find { it.component == 'financial' }.effectiveWeight", equalTo(70.0f))
                .body("explanation.components.find { it.component == 'engagement' }.score",
                        equalTo(75.65789473684211f));
    }

    @Test
    void aSnapshotSavedWithItsExplanationIsReadAsItIs() {
        String tenant = tenants.create("model-legacy");
        String token = sampleLoaded(tenant);
        // the form every snapshot had until the twelfth session: the explanation itself, not its inputs
        String stored = "{\"components\":{\"usage\":50.0,\"engagement\":null,\"outcomes\":null,\"financial\":null},"
                + "\"measures\":{\"seatUtilization\":50.0},\"mau\":3,\"dauMau\":12.5,\"featureAdoption\":40.0,"
                + "\"explainComponents\":[{\"component\":\"usage\",\"score\":50.0,\"weight\":40.0,"
                + "\"effectiveWeight\":100.0}],\"explainMeasures\":[{\"measure\":\"seatUtilization\","
                + "\"label\":\"Seat utilization\",\"unit\":\"%\",\"component\":\"usage\",\"value\":50.0,"
                + "\"poor\":20.0,\"good\":80.0,\"points\":50.0,\"note\":null}],\"modelVersion\":0,"
                + "\"previousMeasures\":[]}";
        assertEquals("1", data.single(tenant, "with u as (update account_snapshot set detail = '" + stored
                + "' where account_id = 'ACC-00002' returning 1) select count(*) from u"));

        given().auth().oauth2(token).get("/api/v1/accounts/ACC-00002").then().statusCode(200)
                .body("explanation.components", hasSize(1))
                .body("explanation.components[0].effectiveWeight", equalTo(100.0f))
                .body("explanation.measures[0].points", equalTo(50.0f))
                .body("mau", equalTo(3));
    }

    /** Loads the public sample into {@code tenant} and waits for its figures; answers an admin's token. */
    private String sampleLoaded(String tenant) {
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        return token;
    }
}
