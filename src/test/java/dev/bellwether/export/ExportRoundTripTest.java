package dev.bellwether.export;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.account.AccountRecords;
import dev.bellwether.metrics.SampleTruthTest;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.ImportClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The export's promise: its zip, imported into an empty organisation (the zip as one upload, the health
 * model through its API), gives the same figures. First on the public sample as it is (the target then
 * has expected.json's figures), then after a CSM logged a call and a note and an admin changed the
 * health model: every figure the API serves, compared between source and target.
 */
@QuarkusTest
class ExportRoundTripTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @Inject
    AccountRecords records;

    @Test
    void theSampleExportedAndImportedIntoAnEmptyOrganisationHasEveryFigureOfExpectedJson() throws Exception {
        String source = tenants.create("export-src");
        recalculations.loadSample(source);

        String target = tenants.create("export-dst");
        roundTrip(source, target);

        JsonNode expected = JSON.readTree(Files.readString(SAMPLE.resolve("expected.json")));
        assertEquals(List.of(), SampleTruthTest.mismatches(expected, admin(target)));
        assertEquals(data.fingerprint(source), data.fingerprint(target), "every imported row, as it was");
    }

    /**
     * An organisation with accounts and MRR only: its export still writes every kind, the empty ones as a
     * header alone, and the zip imports (a header-only file in a zip is no rows, not an error).
     */
    @Test
    void anOrganisationWithEmptyKindsExportsAZipThatImports() throws Exception {
        String source = tenants.create("export-part");
        ImportClient.upload(admin(source), SAMPLE.resolve("accounts.csv"), SAMPLE.resolve("mrr.csv")).then()
                .statusCode(201);
        recalculations.awaitIdle(source);

        String target = tenants.create("export-part-dst");
        Map<String, String> files = roundTrip(source, target);
        assertEquals(1, files.get("usage.csv").split("\r\n").length, files.get("usage.csv"));
        assertEquals(1, files.get("opportunities.csv").split("\r\n").length, files.get("opportunities.csv"));
        assertEquals(data.fingerprint(source), data.fingerprint(target), "every imported row, as it was");
        assertEquals(data.count(source, "account"), data.count(target, "account"));
        assertEquals(List.of(), differences(figures(source), figures(target)));
        // its own export again: the header-only files change nothing, so nothing is recalculated
        String again = upload(source, files).then().statusCode(201).extract().path("message");
        assertTrue(again != null && again.startsWith("Nothing changed"), again);
    }

    @Test
    void loggedActivitiesNotesAndAChangedHealthModelComeAcrossWithEveryFigure() throws Exception {
        String source = tenants.create("export-src");
        recalculations.loadSample(source);
        String csm = FakeKeycloak.accessToken("cam", source, "csm");
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2026-10-21\","
                        + "\"body\":\"Renewal call, \\\"tough\\\"\\nline two\","
                        + "\"attendees\":\"Dana (VP Ops)\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(201);
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"QBR\",\"occurredAt\":\"2026-10-15\"}")
                .post("/api/v1/accounts/ACC-00007/notes").then().statusCode(201);
        given().auth().oauth2(csm).contentType(ContentType.JSON).body("{\"type\":\"note\",\"body\":\"Champion left\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(201);
        given().auth().oauth2(admin(source)).contentType(ContentType.JSON)
                .body("{\"weights\":{\"usage\":45,\"engagement\":20,\"outcomes\":25,\"financial\":10},"
                        + "\"bands\":{\"healthy\":72,\"atRisk\":45}}")
                .put("/api/v1/health-model").then().statusCode(200);
        given().auth().oauth2(admin(source)).contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\",\"qbrSegments\":[\"SMB\",\"Enterprise\"]}").put("/api/v1/settings").then()
                .statusCode(200);
        recalculations.awaitIdle(source);

        String target = tenants.create("export-dst");
        Map<String, String> files = roundTrip(source, target);
        given().auth().oauth2(admin(target)).get("/api/v1/settings").then().body("currency", equalTo("EUR"))
                .body("qbrSegments", org.hamcrest.Matchers.contains("Enterprise", "SMB"));

        assertEquals(List.of(), differences(figures(source), figures(target)));
        JsonNode expected = JSON.readTree(Files.readString(SAMPLE.resolve("expected.json")));
        assertFalse(SampleTruthTest.mismatches(expected, admin(target)).isEmpty(),
                "the notes and the model moved figures away from the sample's, and they came across");
        // the logged activities became imported ones; the notes file keeps every note with its text
        assertEquals(data.count(source, "activity") + 2, data.count(target, "activity"));
        assertEquals(0, data.count(target, "account_note"));
        String notes = files.get("notes.csv");
        assertEquals(4, notes.split("\r\n").length, notes); // a header and three notes (one of two lines)
        assertTrue(notes.contains("\"Renewal call, \"\"tough\"\"\nline two\""), notes);
        assertTrue(files.get("notes.csv").contains(",note,"), files.get("notes.csv"));
        assertTrue(files.get("activities.csv").contains(",ACC-00007,2026-10-15,QBR,cam@" + source + ".example"),
                files.get("activities.csv"));
        JsonNode model = get(admin(target), "/api/v1/health-model");
        assertEquals(72.0, model.at("/bands/healthy").asDouble());
        assertEquals(45.0, model.at("/weights/usage").asDouble());
    }

    @Test
    void anExportImportedBackIntoItsOwnOrganisationCountsShowsAndExportsEachLoggedActivityOnce() throws Exception {
        String tenant = tenants.create("export-self");
        recalculations.loadSample(tenant);
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2026-10-21\",\"body\":\"=HYPERLINK(\\\"https://evil\\\")\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(201);
        recalculations.awaitIdle(tenant);
        Map<String, JsonNode> before = figures(tenant);

        Map<String, String> first = roundTrip(tenant, tenant);
        // notes.csv is read by people, not imported: a cell never runs as a spreadsheet formula
        assertTrue(first.get("notes.csv").contains(",\"'=HYPERLINK(\"\"https://evil\"\")\","),
                first.get("notes.csv"));
        assertEquals(List.of(), differences(before, figures(tenant)), "the call and its copy count once");
        JsonNode calls = get(csm, "/api/v1/accounts/ACC-00002/timeline?kind=activity&limit=200");
        assertEquals(1, calls.findValuesAsText("at").stream().filter(at -> at.startsWith("2026-10-21")).count(),
                calls.toString());
        AccountRecords.Listed<AccountRecords.Activity> listed = TenantContext.call(tenant,
                () -> records.activities("ACC-00002", 200));
        assertEquals(1, listed.rows().stream().filter(a -> a.occurredAt().toString().equals("2026-10-21")).count(),
                "the account page's activities: " + listed.rows());

        Map<String, String> second = roundTrip(tenant, tenant); // its export is importable again
        String activities = second.get("activities.csv");
        String copy = first.get("activities.csv").lines().filter(l -> l.startsWith("note-")).findFirst()
                .orElseThrow();
        assertEquals(1, activities.lines().filter(copy::equals).count(), activities);
        assertEquals(List.of(), differences(before, figures(tenant)));
    }

    @Test
    void aLoggedActivityWhoseCopyWasMovedToAnotherAccountCountsThereAloneAndIsExportedOnce() throws Exception {
        String tenant = tenants.create("export-moved");
        recalculations.loadSample(tenant);
        String csm = FakeKeycloak.accessToken("cam", tenant, "csm");
        given().auth().oauth2(csm).contentType(ContentType.JSON)
                .body("{\"type\":\"call\",\"occurredAt\":\"2026-10-21\",\"body\":\"Sponsor wants a QBR\"}")
                .post("/api/v1/accounts/ACC-00002/notes").then().statusCode(201);
        recalculations.awaitIdle(tenant);
        Map<String, String> files = ExportApiTest.unzip(given().auth().oauth2(admin(tenant)).get("/api/v1/export")
                .then().statusCode(200).extract().asByteArray());
        String copy = files.get("activities.csv").lines().filter(l -> l.startsWith("note-")).findFirst().orElseThrow();
        assertTrue(copy.contains(",ACC-00002,2026-10-21,call,"), copy);
        // the call was logged on the wrong account: the admin moves its row in the file and uploads it
        String moved = copy.replace(",ACC-00002,", ",ACC-00005,");
        List<Long> listedBefore = callsListed(tenant, csm);
        upload(tenant, Map.of("activities.csv", files.get("activities.csv").replace(copy, moved))).then()
                .statusCode(201);
        recalculations.awaitIdle(tenant);
        Map<String, JsonNode> incremental = figures(tenant);
        recalculations.request(tenant); // everything again: the import's own recalculation missed no account
        recalculations.awaitIdle(tenant);
        assertEquals(List.of(), differences(incremental, figures(tenant)));
        // listed on ACC-00005 alone, as it counts: the timelines and the account pages' activities
        assertEquals(List.of(listedBefore.get(0) - 1, listedBefore.get(1) + 1), callsListed(tenant, csm));
        assertEquals(List.of("Sponsor wants a QBR"), get(csm, "/api/v1/accounts/ACC-00005/timeline?kind=activity"
                + "&limit=200").findValuesAsText("detail").stream().filter(d -> d.startsWith("Sponsor")).toList(),
                "with the logged one's text");

        Map<String, String> again = roundTrip(tenant, tenant); // importable: the activity's id is there once
        String id = copy.substring(0, copy.indexOf(','));
        assertEquals(List.of(moved), again.get("activities.csv").lines().filter(l -> l.startsWith(id + ",")).toList());
        String target = tenants.create("export-moved-dst");
        roundTrip(tenant, target);
        assertEquals(List.of(), differences(figures(tenant), figures(target)), "it counts on ACC-00005 alone");
    }

    /**
     * The activities of 2026-10-21 listed on ACC-00002 and ACC-00005, each counted in its timeline and in its
     * account page's list, which must agree.
     */
    private List<Long> callsListed(String tenant, String csm) throws java.io.IOException {
        List<Long> counts = new java.util.ArrayList<>();
        for (String account : List.of("ACC-00002", "ACC-00005")) {
            JsonNode timeline = get(csm, "/api/v1/accounts/" + account + "/timeline?kind=activity&limit=200");
            long inTimeline = timeline.findValuesAsText("at").stream().filter(at -> at.startsWith("2026-10-21"))
                    .count();
            long onPage = TenantContext.call(tenant, () -> records.activities(account, 200)).rows().stream()
                    .filter(a -> a.occurredAt().toString().equals("2026-10-21")).count();
            assertEquals(inTimeline, onPage, account + ": " + timeline);
            counts.add(onPage);
        }
        return counts;
    }

    @Test
    void anExportsJsonFilesSavedWithAByteOrderMarkAreRead() throws Exception {
        String tenant = tenants.create("export-bom");
        upload(tenant, new java.util.LinkedHashMap<>(Map.of("accounts.csv",
                Files.readString(SAMPLE.resolve("accounts.csv")), "settings.json",
                "\uFEFF{\"currency\":\"EUR\",\"qbrSegments\":[\"SMB\"]}", "health-model.json",
                "\uFEFF{\"bands\":{\"healthy\":72,\"atRisk\":45}}"))).then().statusCode(201);
        given().auth().oauth2(admin(tenant)).get("/api/v1/settings").then().body("currency", equalTo("EUR"));
        assertEquals(72.0, get(admin(tenant), "/api/v1/health-model").at("/bands/healthy").asDouble());
    }

    @Test
    void anExportReimportedWithOnlyItsModelChangedSaysSoAndRecalculates() throws Exception {
        String tenant = tenants.create("export-model-only");
        recalculations.loadSample(tenant);
        byte[] export = given().auth().oauth2(admin(tenant)).get("/api/v1/export").then().statusCode(200).extract()
                .asByteArray();
        Map<String, String> files = ExportApiTest.unzip(export);
        // as it was exported: nothing changed
        given().auth().oauth2(admin(tenant)).get("/api/v1/health-model").then().body("version", equalTo(0));
        String same = upload(tenant, files).then().statusCode(201).extract().path("message");
        assertTrue(same != null && same.startsWith("Nothing changed"), same);
        // the rows as they are, another model: not "nothing changed", and the import's recalculation follows
        ObjectNode model = (ObjectNode) JSON.readTree(files.get("health-model.json"));
        ObjectNode weights = (ObjectNode) model.get("weights");
        weights.put("usage", 45).put("engagement", 20).put("outcomes", 25).put("financial", 10);
        files.put("health-model.json", JSON.writeValueAsString(model));
        io.restassured.response.Response answer = upload(tenant, files);
        answer.then().statusCode(201).body("message", org.hamcrest.Matchers.nullValue())
                .body("recalculation", equalTo("pending"));
        recalculations.awaitIdle(tenant);
        given().auth().oauth2(admin(tenant)).get("/api/v1/imports/" + answer.path("id")).then().statusCode(200)
                .body("recalculation", equalTo("done")).body("message", org.hamcrest.Matchers.nullValue());
        JsonNode now = get(admin(tenant), "/api/v1/health-model");
        assertEquals(1, now.get("version").asInt());
        assertEquals(45.0, now.at("/weights/usage").asDouble());
    }

    /** Uploads {@code files} as one zip to {@code tenant}. */
    private static io.restassured.response.Response upload(String tenant, Map<String, String> files)
            throws IOException {
        Path file = Files.createTempFile("bellwether-export", ".zip");
        try {
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, String> entry : files.entrySet()) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                    zip.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return ImportClient.upload(admin(tenant), file);
        } finally {
            Files.delete(file);
        }
    }

    /** The zip's health model is part of the import: one that is not valid refuses it whole, naming the file. */
    @Test
    void aZipWhoseHealthModelIsWrongIsRefusedWholeNamingIt() throws Exception {
        String target = tenants.create("export-bad-model");
        Path file = Files.createTempFile("bellwether-export", ".zip");
        try {
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                for (String name : List.of("accounts.csv", "mrr.csv")) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(name));
                    zip.write(Files.readAllBytes(SAMPLE.resolve(name)));
                }
                zip.putNextEntry(new java.util.zip.ZipEntry("health-model.json"));
                zip.write("{\"weights\":{\"usage\":90,\"engagement\":25,\"outcomes\":20,\"financial\":15}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            ImportClient.upload(admin(target), file).then().statusCode(422).body("status", equalTo("rejected"))
                    .body("errors.file", org.hamcrest.Matchers.everyItem(equalTo("health-model.json")))
                    .body("errors[0].message", org.hamcrest.Matchers.containsString("100"));
            // a field the model does not have is refused as PUT refuses it, not ignored (a typo changed nothing)
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("accounts.csv"));
                zip.write(Files.readAllBytes(SAMPLE.resolve("accounts.csv")));
                zip.putNextEntry(new java.util.zip.ZipEntry("health-model.json"));
                String model = "{\"weights\":{\"usage\":40,\"engagement\":25,\"outcomes\":20,\"financial\":15},"
                        + "\"band\":{\"healthy\":80,\"atRisk\":50}}";
                zip.write(model.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            ImportClient.upload(admin(target), file).then().statusCode(422)
                    .body("errors.file", org.hamcrest.Matchers.everyItem(equalTo("health-model.json")))
                    .body("errors[0].message", equalTo("band: not a field of the health model"));
            // so are wrong settings, checked as PUT /api/v1/settings checks them
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("accounts.csv"));
                zip.write(Files.readAllBytes(SAMPLE.resolve("accounts.csv")));
                zip.putNextEntry(new java.util.zip.ZipEntry("settings.json"));
                zip.write("{\"currency\":\"EURO\",\"qbrSegments\":[]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            ImportClient.upload(admin(target), file).then().statusCode(422)
                    .body("errors.file", org.hamcrest.Matchers.everyItem(equalTo("settings.json")))
                    .body("errors[0].message", equalTo("currency must be an ISO 4217 currency code, such as USD, EUR"
                            + " or GBP"));
            // a file edited by hand with one brace too many: what follows it is not dropped silently
            for (String[] edited : new String[][] {
                    { "health-model.json", "{\"weights\":{\"usage\":40,\"engagement\":25,\"outcomes\":20,"
                            + "\"financial\":15}}, \"bands\":{\"healthy\":80,\"atRisk\":50}}" },
                    { "settings.json", "{\"currency\":\"EUR\"}, \"qbrSegments\":[]}" },
                    { "health-model.json", "{\"bands\":{\"healthy\":80,\"atRisk\":50}} {}" },
                    { "settings.json", "{\"currency\":\"EUR\",\"qbrSegments\":[]} 1" } }) {
                try (java.util.zip.ZipOutputStream zip =
                        new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                    zip.putNextEntry(new java.util.zip.ZipEntry("accounts.csv"));
                    zip.write(Files.readAllBytes(SAMPLE.resolve("accounts.csv")));
                    zip.putNextEntry(new java.util.zip.ZipEntry(edited[0]));
                    zip.write(edited[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                ImportClient.upload(admin(target), file).then().statusCode(422)
                        .body("errors.file", org.hamcrest.Matchers.everyItem(equalTo(edited[0])))
                        .body("errors[0].message", edited[1].endsWith("}") ? org.hamcrest.Matchers.notNullValue()
                                : org.hamcrest.Matchers.containsString("a second value follows the first"));
            }
        } finally {
            Files.delete(file);
        }
        assertEquals(0, data.count(target, "account"), "nothing was written");
        assertEquals(0, get(admin(target), "/api/v1/health-model").get("version").asInt());
    }

    /**
     * Exports {@code source} and uploads the zip, its health model included, to {@code target}; waits for the
     * recalculation. Answers the zip's files by name.
     */
    Map<String, String> roundTrip(String source, String target) throws IOException {
        byte[] zip = given().auth().oauth2(admin(source)).get("/api/v1/export").then().statusCode(200).extract()
                .asByteArray();
        Map<String, String> files = ExportApiTest.unzip(zip);
        assertEquals(List.of("accounts.csv", "mrr.csv", "usage.csv", "surveys.csv", "tickets.csv", "activities.csv",
                "opportunities.csv", "notes.csv", "health-model.json", "settings.json"),
                new ArrayList<>(files.keySet()));
        Path file = Files.createTempFile("bellwether-export", ".zip");
        try {
            Files.write(file, zip);
            ImportClient.upload(admin(target), file).then().statusCode(201);
        } finally {
            Files.delete(file);
        }
        recalculations.awaitIdle(target);
        return files;
    }

    /** Every figure the API serves for the tenant, by path (account details and the open alerts included). */
    static Map<String, JsonNode> figures(String tenant) throws IOException {
        String token = admin(tenant);
        Map<String, JsonNode> figures = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/metrics", "/api/v1/metrics/history", "/api/v1/metrics/segments",
                "/api/v1/metrics/csms", "/api/v1/cohorts", "/api/v1/health-accuracy", "/api/v1/csm-load",
                "/api/v1/churn-drivers", "/api/v1/breakdown?by=segment", "/api/v1/breakdown?by=industry",
                "/api/v1/breakdown?by=plan", "/api/v1/breakdown?by=csm", "/api/v1/breakdown?by=tenure",
                "/api/v1/accounts?sort=name&page=1", "/api/v1/accounts?sort=name&page=2")) {
            figures.put(path, get(token, path));
        }
        for (String line : Files.readAllLines(SAMPLE.resolve("accounts.csv")).subList(1, 61)) {
            String path = "/api/v1/accounts/" + line.substring(0, line.indexOf(','));
            figures.put(path, get(token, path));
        }
        TreeSet<String> alerts = new TreeSet<>();
        get(token, "/api/v1/alerts?status=open").forEach(a -> alerts.add(a.get("accountId").asText() + " "
                + a.get("rule").asText()));
        figures.put("/api/v1/alerts?status=open", JSON.valueToTree(alerts));
        ObjectNode model = (ObjectNode) get(token, "/api/v1/health-model");
        model.remove(List.of("version", "createdAt", "createdBy")); // who saved it, and when: not a figure
        figures.put("/api/v1/health-model", model);
        return figures;
    }

    /** The paths whose answers differ, with both answers. */
    static List<String> differences(Map<String, JsonNode> source, Map<String, JsonNode> target) {
        List<String> differences = new ArrayList<>();
        source.forEach((path, answer) -> {
            if (!answer.equals(target.get(path))) {
                differences.add(path + ": source " + answer + "\n  target " + target.get(path));
            }
        });
        return differences;
    }

    static String admin(String tenant) {
        return FakeKeycloak.accessToken("ada", tenant, "admin");
    }

    static JsonNode get(String token, String path) throws IOException {
        return JSON.readTree(given().auth().oauth2(token).get(path).then().statusCode(200).extract().asString());
    }
}
