package dev.bellwether.ingest;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.corpus;
import static dev.bellwether.testing.ImportClient.sampleFiles;
import static dev.bellwether.testing.ImportClient.upload;
import static dev.bellwether.testing.ImportClient.uploadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The import API of docs/api.md with the contract's sample dataset and the valid oddities of real exports. */
@QuarkusTest
class ImportApiTest {

    /** Data rows (CSV records, not lines: some survey comments span lines) per file of the sample dataset. */
    static final Map<String, Integer> SAMPLE_ROWS = Map.of("accounts", 60, "mrr", 576, "usage", 8062, "surveys", 370,
            "tickets", 248, "activities", 804, "opportunities", 60);

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Inject
    ImportService imports;

    /**
     * An import is admitted before its upload arrives, which may take minutes: a tenant suspended (or being
     * deleted) meanwhile writes nothing when it does, and no import is recorded (403).
     */
    @Test
    void anImportWhoseTenantWasSuspendedWhileItUploadedWritesNothing() throws Exception {
        String tenant = tenants.create("suspended-upload");
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("update tenant set status = 'suspended' where id = '" + tenant + "'");
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("accounts", ".csv");
        java.nio.file.Files.writeString(file, "account_id,name,customer_since\nA1,One,2025-01-01\n");
        // one whose files can be read, and one whose every part is refused at once (no import is recorded either)
        try {
            for (String name : List.of("accounts.csv", "readme.txt")) {
                try (Uploads uploads = Uploads.of(List.of(new Uploads.Part(name, file)), Long.MAX_VALUE)) {
                    org.junit.jupiter.api.Assertions.assertThrows(dev.bellwether.tenant.TenantRefusedException.class,
                            () -> dev.bellwether.tenant.TenantContext.run(tenant,
                                    () -> imports.run(ImportRequest.of("api", "ada", "Ada", uploads))), name);
                }
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertEquals(0, data.count(tenant, "account"));
        assertEquals(0, data.count(tenant, "import_batch"));
    }

    /**
     * A tenant deleted and created again under its id while an upload streamed is another organisation: the
     * upload, asked for by someone who signed in before the new tenant existed, writes nothing into it (403, as
     * that person's next request is refused), whether its files can be read or every part is refused at once.
     */
    @Test
    void anUploadAskedForBeforeItsTenantWasCreatedAgainWritesNothing() throws Exception {
        String tenant = tenants.create("recreated-upload");
        java.nio.file.Path file = Files.createTempFile("accounts", ".csv");
        Files.writeString(file, "account_id,name,customer_since\nA1,One,2025-01-01\n");
        try {
            for (String name : List.of("accounts.csv", "readme.txt")) {
                try (Uploads uploads = Uploads.of(List.of(new Uploads.Part(name, file)), Long.MAX_VALUE)) {
                    ImportRequest before = new ImportRequest(UUID.randomUUID(), "api", "ada", "Ada",
                            java.time.Instant.now().minusSeconds(3600), uploads);
                    dev.bellwether.tenant.TenantRefusedException refused = org.junit.jupiter.api.Assertions
                            .assertThrows(dev.bellwether.tenant.TenantRefusedException.class,
                                    () -> dev.bellwether.tenant.TenantContext.run(tenant, () -> imports.run(before)),
                                    name);
                    assertTrue(refused.getMessage().startsWith("You signed in before your organisation was set up"),
                            refused.getMessage());
                }
            }
            assertEquals(0, data.count(tenant, "account"));
            assertEquals(0, data.count(tenant, "import_batch"));
            // someone who signed in since (in the second it was created, as tokens count) imports as ever
            try (Uploads uploads = Uploads.of(List.of(new Uploads.Part("accounts.csv", file)), Long.MAX_VALUE)) {
                ImportRequest since = new ImportRequest(UUID.randomUUID(), "api", "ada", "Ada",
                        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), uploads);
                assertEquals(ImportStatus.APPLIED, dev.bellwether.tenant.TenantContext.call(tenant,
                        () -> imports.run(since)).status());
            }
        } finally {
            Files.delete(file);
        }
        assertEquals(1, data.count(tenant, "account"));
    }

    @Test
    void sampleZipImportsAsOneImportAndReimportChangesNothing() {
        String tenant = tenants.create("zip");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        JsonPath first = upload(token, SAMPLE.resolve("all.zip")).then().statusCode(201)
                .header("Location", containsString("/api/v1/imports/"))
                .body("status", equalTo("applied"))
                .body("recalculation", equalTo("pending"))
                .extract().jsonPath();
        SAMPLE_ROWS.forEach((kind, rows) -> {
            assertEquals(rows, first.getInt("rows." + kind), kind);
            assertEquals(rows, first.getInt("changes." + kind + ".inserted"), kind);
        });
        assertEquals(60, data.count(tenant, "account"));
        assertEquals(8062, data.count(tenant, "product_usage"));
        Map<String, String> afterFirst = data.fingerprint(tenant);

        JsonPath second = upload(token, SAMPLE.resolve("all.zip")).then().statusCode(201)
                .body("status", equalTo("applied")).extract().jsonPath();
        SAMPLE_ROWS.forEach((kind, rows) -> {
            assertEquals(0, second.getInt("changes." + kind + ".inserted"), kind);
            assertEquals(0, second.getInt("changes." + kind + ".updated"), kind);
        });
        assertEquals(afterFirst, data.fingerprint(tenant), "re-importing the same files changes nothing");

        recalculations.awaitIdle(tenant);
        given().auth().oauth2(token).when().get("/api/v1/imports/" + first.getString("id"))
                .then().statusCode(200)
                .body("status", equalTo("applied"))
                .body("rows.usage", equalTo(8062))
                .body("recalculation", equalTo("done"))
                .body("progress", equalTo(100));
    }

    @Test
    void aSegmentIsTheTenantsOwnWordOfAtMost64Characters() {
        String tenant = tenants.create("segments");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        String header = "account_id,name,segment,customer_since\n";
        uploadBody(token, "accounts", (header + "ACC-1,Alpha,Strategic,2025-01-01\nACC-2,Beta,,2025-01-01\n"
                + "ACC-3,Gamma," + "y".repeat(64) + ",2025-01-01\n").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201).body("rows.accounts", equalTo(3));
        assertEquals("ACC-1 Strategic|ACC-2 Unsegmented|ACC-3 " + "y".repeat(64), data.single(tenant,
                "select string_agg(account_id || ' ' || segment, '|' order by account_id) from account"));
        assertOneProblem(uploadBody(token, "accounts", (header + "ACC-4,Delta,Strategic,2025-01-01\n"
                + "ACC-5,Epsilon," + "x".repeat(65) + ",2025-01-01\n").getBytes(StandardCharsets.UTF_8)),
                "accounts.csv", 3, "segment", "is 65 characters long; segments are at most 64");
        assertEquals(3, data.count(tenant, "account"));
    }

    /**
     * The usage key (tenant, account, day, user, feature) must fit one index entry: with the longest tenant id and
     * ids of 128 emoji, a feature of 512 three-byte characters is kept, and one of 512 emoji (within 512 characters)
     * is refused with its line and column, not a database error.
     */
    @Test
    void aFeatureFitsTheUsageKeyWithTheLongestIds() {
        String tenant = "x".repeat(54) + "-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(63, tenant.length());
        tenants.ensure(tenant);
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        // distinct characters: a repeated one would be compressed in the index entry and prove nothing
        String account = characters(0x1F600, 128);
        String user = characters(0x1F300, 128);
        uploadBody(token, "accounts", ("account_id,name,customer_since\n" + account + ",Wide,2025-01-01\n")
                .getBytes(StandardCharsets.UTF_8)).then().statusCode(201);
        String header = "account_id,user_id,date,feature,events\n";
        String kept = characters(0x4E00, 512); // 1,536 bytes
        uploadBody(token, "usage", (header + account + "," + user + ",2026-03-01," + kept + ",1\n")
                .getBytes(StandardCharsets.UTF_8)).then().statusCode(201).body("rows.usage", equalTo(1));
        assertOneProblem(uploadBody(token, "usage", (header + account + "," + user + ",2026-03-01,x,1\n" + account
                + "," + user + ",2026-03-01," + characters(0x1F380, 512) + ",1\n").getBytes(StandardCharsets.UTF_8)),
                "usage.csv", 3, "feature", "is 2048 bytes long in UTF-8; a feature is at most 1536 bytes (512"
                        + " characters of any script, but only 384 emoji)");
        assertEquals(1, data.count(tenant, "product_usage"));
    }

    private static String characters(int first, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.appendCodePoint(first + i);
        }
        return text.toString();
    }

    @Test
    void aRepeatedAccountInATenantsFirstAccountsFileIsRefusedWithItsLineAndNothingIsWritten() {
        String tenant = tenants.create("first-accounts");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        assertOneProblem(uploadBody(token, "accounts", ("account_id,name,segment,customer_since\n"
                + "ACC-1,Alpha,Strategic,2025-01-01\nACC-2,Beta,Strategic,2025-01-01\n"
                + "ACC-1,Alpha again,Strategic,2025-01-01\n").getBytes(StandardCharsets.UTF_8)),
                "accounts.csv", 4, "account_id", "Same account_id as line 2");
        assertEquals(0, data.count(tenant, "account"));
    }

    @Test
    void aKeyRepeatedOnThousandsOfLinesListsTheFirstThousandAndCountsEveryOne() {
        String tenant = tenants.create("repeats");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        // a key column holding the wrong field: one account id on 2,501 lines, plus one more key twice
        StringBuilder file = new StringBuilder("account_id,name,customer_since\nACC-2,Beta,2025-01-01\n");
        for (int i = 0; i < 2_501; i++) {
            file.append("ACC-1,Alpha ").append(i).append(",2025-01-01\n");
        }
        file.append("ACC-2,Beta again,2025-01-01\n");
        uploadBody(token, "accounts", file.toString().getBytes(StandardCharsets.UTF_8)).then().statusCode(422)
                .body("errorCount", equalTo(2_501))
                .body("errors.size()", equalTo(1_000))
                .body("errors[0].line", equalTo(4)).body("errors[0].message", containsString("as line 3"))
                .body("errors[999].line", equalTo(1_003));
        assertEquals(0, data.count(tenant, "account"));
    }

    /** The import was refused (422) for exactly one problem, at this file, line and column. */
    private static void assertOneProblem(Response response, String file, int line, String column, String message) {
        response.then().statusCode(422)
                .body("errorCount", equalTo(1))
                .body("errors[0].file", equalTo(file))
                .body("errors[0].line", equalTo(line))
                .body("errors[0].column", equalTo(column))
                .body("errors[0].message", containsString(message));
    }

    @Test
    void sampleImportsAsSevenFilesWithTheSameResultAsTheZip() {
        String viaZip = tenants.create("zip7");
        upload(FakeKeycloak.accessToken("ada", viaZip, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        String viaFiles = tenants.create("files7");
        upload(FakeKeycloak.accessToken("ada", viaFiles, "admin"), sampleFiles()).then().statusCode(201)
                .body("rows.opportunities", equalTo(60));
        assertEquals(data.fingerprint(viaZip), data.fingerprint(viaFiles));
    }

    @Test
    void aNewAccountAndItsDataCanArriveTogetherInAnyPartOrder() {
        String tenant = tenants.create("order");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, corpus("base/mrr.csv"), corpus("base/accounts.csv")).then().statusCode(201)
                .body("rows.accounts", equalTo(2)).body("rows.mrr", equalTo(3));
    }

    @Test
    void singleCsvBodyImports() throws Exception {
        String tenant = tenants.create("body");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        uploadBody(token, "accounts", Files.readAllBytes(corpus("base/accounts.csv"))).then().statusCode(201)
                .body("rows.accounts", equalTo(2));
        uploadBody(token, "mrr", "account_id,month,mrr\nACC-9,2025-01,1\n".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422)
                .body("errors[0].file", equalTo("mrr.csv"))
                .body("errors[0].line", equalTo(2))
                .body("errors[0].column", equalTo("account_id"));
        uploadBody(token, "revenue", "x\n1\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(404);
        // the message lists what the path takes: the kinds' ids, not their file names
        uploadBody(token, "mrr.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(404)
                .body("message", equalTo("There is no import kind 'mrr.csv'; the kinds are accounts, mrr, usage,"
                        + " surveys, tickets, activities, opportunities"));
        // a body cannot be read twice, so its first load goes through staging into the new partition:
        // a repeated key is reported from there, and a good body lands
        uploadBody(token, "usage", Files.readAllBytes(corpus("bad/duplicate-key-usage/usage.csv")))
                .then().statusCode(422)
                .body("errorCount", equalTo(1))
                .body("errors[0].line", equalTo(4))
                .body("errors[0].message", containsString("as line 3"));
        assertEquals(0, data.count(tenant, "product_usage"));
        uploadBody(token, "usage",
                "account_id,user_id,date,feature,events\nACC-1,u1,2025-09-01,reports,3\nACC-2,u2,2025-09-02,,4\n"
                .getBytes(StandardCharsets.UTF_8)).then().statusCode(201).body("changes.usage.inserted", equalTo(2));
        uploadBody(token, "usage", "account_id,user_id,date,feature,events\nACC-1,u1,2025-09-01,reports,5\n"
                .getBytes(StandardCharsets.UTF_8)).then().statusCode(201)
                .body("changes.usage.inserted", equalTo(0)).body("changes.usage.updated", equalTo(1));
        assertEquals(2, data.count(tenant, "product_usage"));
        uploadBody(token, "usage", ("account_id,user_id,date,feature,events\nACC-1,u1,2025-09-01,reports,5\n"
                + "ACC-2,u2,2025-09-02,,6\nACC-2,u2,2025-09-03,,1\n").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201)
                .body("changes.usage.inserted", equalTo(1)).body("changes.usage.updated", equalTo(1));
        assertEquals("ACC-1 5|ACC-2 6|ACC-2 1", data.single(tenant,
                "select string_agg(account_id || ' ' || events, '|' order by account_id, day) from product_usage"));
    }

    @Test
    void validOdditiesOfRealExportsLoad() {
        String tenant = tenants.create("odd");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, corpus("base/accounts.csv")).then().statusCode(201);
        for (String file : new String[] { "bom", "crlf", "quoted", "non-ascii", "other-order" }) {
            upload(token, corpus("valid/" + file + "/accounts.csv")).then().statusCode(201);
        }
        upload(token, corpus("valid/relaxed-case/surveys.csv")).then().statusCode(201);
        assertEquals("Bom Corp", name(tenant, "ACC-10"));
        assertEquals("Crlf Corp", name(tenant, "ACC-11"));
        assertEquals("Müller & Söhne, GmbH", name(tenant, "ACC-12"));
        assertEquals("The \"Quoted\" Co", name(tenant, "ACC-13"));
        assertEquals("Two\nLines Ltd", name(tenant, "ACC-14"));
        assertEquals("Åkesson Bikes K.K.", name(tenant, "ACC-15"));
        assertEquals("東京データ株式会社", name(tenant, "ACC-16"));
        assertEquals("Ελληνική Εταιρεία", name(tenant, "ACC-17"));
        assertEquals("Reordered Inc|2025-01-01|Unsegmented",
                data.single(tenant, "select name || '|' || customer_since || '|' || segment from account"
                        + " where account_id = 'ACC-18'"));
        assertEquals("NPS|9|padded", data.single(tenant,
                "select type || '|' || score || '|' || comment from survey_response where response_id = 'R-9'"));
    }

    @Test
    void onlyAdminsImport() {
        String tenant = tenants.create("roles");
        upload(FakeKeycloak.accessToken("cam", tenant, "csm"), corpus("base/accounts.csv")).then().statusCode(403);
        upload(FakeKeycloak.accessToken("eve", tenant, "executive"), corpus("base/accounts.csv")).then()
                .statusCode(403);
        upload("", corpus("base/accounts.csv")).then().statusCode(401);
        assertEquals(0, data.count(tenant, "account"));
    }

    @Test
    void anotherTenantsImportIdAnswers404() {
        String a = tenants.create("imp-a");
        String b = tenants.create("imp-b");
        String id = upload(FakeKeycloak.accessToken("ada", a, "admin"), corpus("base/accounts.csv"))
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(FakeKeycloak.accessToken("gus", b, "admin")).when().get("/api/v1/imports/" + id)
                .then().statusCode(404);
    }

    @Test
    void secondImportOfTheSameTenantIsRefusedWhileOtherTenantsImportFreely() throws Exception {
        String busy = tenants.create("busy");
        String free = tenants.create("free");
        try (Connection connection = DatabaseBootstrap.superuserConnection()) {
            connection.setAutoCommit(false);
            // hold the tenant's import lock as a running import would
            try (PreparedStatement lock = connection.prepareStatement(
                    "select 1 from tenant where id = ? for no key update")) {
                lock.setString(1, busy);
                lock.execute();
            }
            upload(FakeKeycloak.accessToken("ada", busy, "admin"), corpus("base/accounts.csv")).then().statusCode(409)
                    .body("message", containsString("Another import"));
            upload(FakeKeycloak.accessToken("gus", free, "admin"), corpus("base/accounts.csv")).then().statusCode(201);
            connection.rollback();
        }
        assertEquals(0, data.count(busy, "account"));
        upload(FakeKeycloak.accessToken("ada", busy, "admin"), corpus("base/accounts.csv")).then().statusCode(201);
    }

    /**
     * Uploads of one organisation sent at once wait for each other without a database connection each: they once
     * each held one while waiting for the tenant's lock, and thirty of them took the whole pool from every other
     * organisation's pages.
     */
    @Test
    void uploadsOfOneTenantSentAtOnceWaitWithoutAConnectionEach() throws Exception {
        String tenant = tenants.create("at-once");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> uploads = new java.util.ArrayList<>();
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                Connection watch = DatabaseBootstrap.superuserConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                    "select 1 from tenant where id = ? for no key update")) {
                lock.setString(1, tenant);
                lock.execute();
            }
            for (int i = 0; i < 4; i++) {
                uploads.add(pool.submit(() -> upload(token, corpus("base/accounts.csv")).statusCode()));
            }
            String waiting = "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like '%for no key update%' and pid <> " + pid(connection);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (count(watch, waiting) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // the other three have long arrived
            assertEquals(1, count(watch, waiting), "one upload waits in the database, the others on the app");
            connection.rollback();
        } finally {
            pool.shutdown();
        }
        List<Integer> answers = new java.util.ArrayList<>();
        for (Future<Integer> upload : uploads) {
            answers.add(upload.get(60, TimeUnit.SECONDS));
        }
        assertTrue(answers.contains(201) && answers.stream().allMatch(a -> a == 201 || a == 409), answers.toString());
        assertTrue(data.count(tenant, "account") > 0);
    }

    private static int pid(Connection connection) throws java.sql.SQLException {
        return count(connection, "select pg_backend_pid()");
    }

    private static int count(Connection connection, String sql) throws java.sql.SQLException {
        try (java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * A recalculation that fails says so to the organisation's people without the error's own text (it named hosts,
     * roles and tables on the freshness badge every CSM hovers); the log keeps it.
     */
    @Test
    void aFailedRecalculationTellsItsPeopleNothingOfTheErrorsText() throws Exception {
        String tenant = tenants.create("recalc-fails");
        refusing("test_refuse_snapshot", "before insert on account_snapshot", "new.tenant_id = '" + tenant + "'",
                "could not reach 10.0.3.7:5432 as role bellwether_app", () -> {
                    upload(FakeKeycloak.accessToken("ada", tenant, "admin"), sampleFiles()).then().statusCode(201);
                    String failed = "select coalesce(min(error), '') from recalculation where status = 'failed'";
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (data.single(tenant, failed).isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    String id = data.single(tenant, "select min(id) from recalculation where status = 'failed'");
                    String said = data.single(tenant, failed);
                    // a reference of its own: the run's id would count other organisations' runs between two
                    assertTrue(said.matches("An error on our side stopped it; the server's log has the details"
                            + " \\(reference [0-9a-f]{8}\\)\\."), said);
                    assertFalse(said.contains(id), said);
                });
    }

    /** A step of a test, which may throw. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step} while a trigger {@code name} ({@code when}, e.g. "before insert on t") raises {@code error}
     * for the rows {@code condition} holds of; drops it after.
     */
    private static void refusing(String name, String when, String condition, String error, Step step)
            throws Exception {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("create or replace function " + name + "() returns trigger language plpgsql as"
                    + " $$ begin raise exception '" + error + "'; end $$");
            statement.execute("create trigger " + name + " " + when + " for each row when (" + condition + ")"
                    + " execute function " + name + "()");
            try {
                step.run();
            } finally {
                statement.execute("drop trigger " + name + " " + when.substring(when.indexOf(" on ") + 1));
                statement.execute("drop function " + name + "()");
            }
        }
    }

    /** The progress is for show: when the database refuses it, the import goes on and is applied. */
    @Test
    void anImportWhoseProgressCannotBeSavedGoesOnWithoutIt() throws Exception {
        String tenant = tenants.create("no-progress");
        refusing("test_refuse_progress", "before update on import_batch", "new.tenant_id = '" + tenant
                + "' and new.status = 'processing' and new.phase is distinct from old.phase",
                "no connection for the progress", () -> upload(FakeKeycloak.accessToken("ada", tenant, "admin"),
                        corpus("base/accounts.csv")).then().statusCode(201).body("status", equalTo("applied")));
        assertTrue(data.count(tenant, "account") > 0);
    }

    @Test
    void anImportWaitsForADataFeedsShortRoundRatherThanFail() throws Exception {
        String tenant = tenants.create("feed-round");
        CompletableFuture<Integer> uploaded;
        try (Connection connection = DatabaseBootstrap.superuserConnection()) {
            connection.setAutoCommit(false);
            // a feed round holds the tenant's lock for a second or two
            try (PreparedStatement lock = connection.prepareStatement(
                    "select 1 from tenant where id = ? for no key update")) {
                lock.setString(1, tenant);
                lock.execute();
            }
            uploaded = CompletableFuture.supplyAsync(() -> upload(FakeKeycloak.accessToken("ada", tenant, "admin"),
                    corpus("base/accounts.csv")).then().extract().statusCode());
            Thread.sleep(1500);
            assertFalse(uploaded.isDone(), "the import waits for the round");
            connection.commit();
        }
        assertEquals(201, uploaded.get(60, TimeUnit.SECONDS));
        assertTrue(data.count(tenant, "account") > 0);
    }

    @Test
    void twoTenantsFirstLoadsRunSideBySide() throws Exception {
        // both create and attach partitions of the same six tables: the second attach waits for
        // the first import's commit, neither fails, and each sees only its own rows
        String a = tenants.create("side-a");
        String b = tenants.create("side-b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = pool.submit(
                    () -> upload(FakeKeycloak.accessToken("ada", a, "admin"), sampleFiles()).statusCode());
            Future<Integer> second = pool.submit(
                    () -> upload(FakeKeycloak.accessToken("gus", b, "admin"), sampleFiles()).statusCode());
            assertEquals(201, first.get(120, TimeUnit.SECONDS));
            assertEquals(201, second.get(120, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8062, data.count(a, "product_usage"));
        assertEquals(8062, data.count(b, "product_usage"));
        assertEquals(data.fingerprint(a), data.fingerprint(b), "the same files, the same rows");
    }

    @Test
    void refusedImportsAreInTheHistoryWithTheirProblems() {
        String tenant = tenants.create("hist");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        String id = upload(token, corpus("bad/negative-money/mrr.csv")).then().statusCode(422).extract().path("id");
        given().auth().oauth2(token).when().get("/api/v1/imports/" + id).then().statusCode(200)
                .body("status", equalTo("rejected"))
                .body("errorCount", equalTo(2)) // the negative amount, and its account this tenant does not have
                // the contract's fields are there, null when they have no value: a rejected import asked for nothing
                .body("$", org.hamcrest.Matchers.hasKey("recalculation"))
                .body("recalculation", org.hamcrest.Matchers.nullValue())
                .body("$", org.hamcrest.Matchers.hasKey("rows")).body("progress", equalTo(100))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("phase")));
        given().auth().oauth2(token).when().get("/api/v1/imports").then().statusCode(200)
                .body("[0].id", equalTo(id));
    }

    private String name(String tenant, String accountId) {
        return data.single(tenant, "select name from account where account_id = '" + accountId + "'");
    }
}
