package dev.bellwether.ingest;

import static dev.bellwether.testing.ImportClient.corpus;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The corpus of bad files in {@code src/test/resources/imports/bad}: each is refused with 422,
 * its first problem names the right line and column, and the tenant's data is exactly as before.
 */
@QuarkusTest
class ImportCorpusTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    Path temp;

    @BeforeEach
    void tempDir() throws IOException {
        temp = Files.createTempDirectory("corpus");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("missing-required-column/mrr.csv", 1, "mrr", "Required column is missing"),
                bad("unknown-column/accounts.csv", 1, "segmnet", "did you mean 'segment'"),
                bad("duplicated-header/mrr.csv", 1, "month", "appears twice in the header (columns 2 and 4)"),
                bad("empty-header-name/mrr.csv", 1, null, "Column 2 of the header has no name"),
                bad("empty-file/accounts.csv", 1, null, "The file is empty"),
                bad("header-only/mrr.csv", 2, null, "no data rows"),
                bad("bad-date/accounts.csv", 3, "customer_since", "'2025-13-01' is not a real calendar date"),
                bad("impossible-date/accounts.csv", 2, "customer_since", "'2025-02-30' is not a real calendar date"),
                bad("date-in-another-format/activities.csv", 2, "occurred_at", "expected YYYY-MM-DD"),
                bad("bad-month/mrr.csv", 2, "month", "expected YYYY-MM"),
                bad("month-13/mrr.csv", 3, "month", "not a real month"),
                bad("bad-timestamp/tickets.csv", 2, "opened_at", "expected ISO-8601"),
                bad("impossible-timestamp/tickets.csv", 2, "opened_at", "not a real point in time"),
                bad("negative-money/mrr.csv", 2, "mrr", "'-10.00' is negative"),
                bad("non-numeric-money/opportunities.csv", 2, "amount", "no currency sign or thousands separator"),
                bad("nps-out-of-range/surveys.csv", 2, "score", "NPS scores are whole numbers from 0 to 10"),
                bad("csat-out-of-range/surveys.csv", 2, "score", "CSAT scores are whole numbers from 1 to 5"),
                bad("ces-out-of-range/surveys.csv", 2, "score", "CES scores are whole numbers from 1 to 7"),
                bad("score-not-a-number/surveys.csv", 2, "score", "'nine' is not a whole number"),
                bad("over-long-segment/accounts.csv", 2, "segment", "is 65 characters long; segments are at most 64"),
                bad("unknown-activity-type/activities.csv", 2, "type", "is not one of QBR, call, email"),
                bad("unknown-stage/opportunities.csv", 2, "stage", "'pending' is not one of open, won, lost"),
                bad("unknown-survey-type/surveys.csv", 2, "type", "'NSP' is not one of NPS, CSAT, CES"),
                bad("bad-boolean/tickets.csv", 2, "resolved_on_first_contact", "'yes' is not true or false"),
                bad("unknown-account/mrr.csv", 3, "account_id", "'ACC-404' is not a known account"),
                bad("duplicate-key/mrr.csv", 4, "account_id", "Same (account_id, month) as line 2"),
                bad("duplicate-key-usage/usage.csv", 4, "account_id",
                        "Same (account_id, user_id, date, feature) as line 3"),
                bad("resolved-before-opened/tickets.csv", 2, "resolved_at", "earlier than opened_at"),
                bad("first-response-before-opened/tickets.csv", 2, "first_response_at", "earlier than opened_at"),
                bad("over-long-text/accounts.csv", 2, "name", "text cells are at most 512"),
                bad("over-long-id/accounts.csv", 2, "account_id", "ids are at most 128"),
                bad("non-utf8/accounts.csv", 2, "name", "not UTF-8 text"),
                bad("binary-junk/usage.csv", 1, "*", "The header is not readable text"),
                bad("wrong-field-count/mrr.csv", 3, null, "This row has 4 fields but the header has 3"),
                bad("negative-events/usage.csv", 2, "events", "must be 0 or more"),
                bad("fractional-seats/accounts.csv", 2, "licensed_seats", "'2.5' is not a whole number"),
                bad("unclosed-quote/accounts.csv", 2, null, "could not be read as CSV"),
                bad("required-value-empty/accounts.csv", 2, "name", "A value is required here"),
                bad("error-after-multiline-cell/accounts.csv", 4, "customer_since", "'2025-01-99'"),
                bad("bad-file-name/revenue.csv", null, null, "The file name must say what it holds"),
                bad("not-a-zip/all.zip", null, null, "not a readable .zip archive"));
    }

    private static Arguments bad(String path, Integer line, String column, String message) {
        return Arguments.of(path, line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileIsRefusedWithLineAndColumnAndChangesNothing(String path, Integer line, String column, String message) {
        Path file = corpus("bad/" + path);
        rejected(file, line, column, message, file.getFileName().toString());
    }

    /** A refused cell hides none of its row's other problems: the unknown account and the score's range too. */
    @Test
    void aRowsEveryProblemIsListedInOneAnswer() {
        String tenant = tenants.create("every-problem");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        dev.bellwether.testing.ImportClient.uploadBody(token, "surveys", ("response_id,account_id,responded_at,type,"
                + "score\nS1,ACC-404,2026-02-30,CSAT,9\n").getBytes(StandardCharsets.UTF_8)).then().statusCode(422)
                .body("errorCount", equalTo(3))
                .body("errors.column", equalTo(List.of("responded_at", "account_id", "score")))
                .body("errors.line", equalTo(List.of(2, 2, 2)))
                .body("errors[2].message", equalTo("'9' is out of range: CSAT scores are whole numbers from 1 to 5."));
        dev.bellwether.testing.ImportClient.uploadBody(token, "tickets", ("ticket_id,account_id,opened_at,"
                + "first_response_at,resolved_at,priority\nT1,ACC-404,2026-03-02T10:00:00Z,,2026-03-01T10:00:00Z,"
                + "x".repeat(600) + "\n").getBytes(StandardCharsets.UTF_8)).then().statusCode(422)
                .body("errorCount", equalTo(3))
                .body("errors.column", equalTo(List.of("priority", "account_id", "resolved_at")));
        assertEquals(0, data.count(tenant, "survey_response") + data.count(tenant, "ticket"));
    }

    @Test
    void zipWithAnUnexpectedEntryIsRefused() throws IOException {
        Path zip = zip("upload.zip", Map.of("accounts.csv", Files.readAllBytes(corpus("base/accounts.csv")),
                "notes.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        rejected(zip, null, null, "Unexpected file in the zip", "upload.zip/notes.txt");
    }

    /**
     * An upload whose every part is refused at once lists at most 1,000 problems, as any refusal does, and counts
     * them all; its import then reads as ended (progress 100) for a client that polls it.
     */
    @Test
    void anUploadRefusedWholeListsAtMostAThousandProblemsAndReadsAsEnded() throws IOException {
        List<Path> zips = new java.util.ArrayList<>();
        for (int z = 0; z < 17; z++) {
            Map<String, byte[]> entries = new java.util.TreeMap<>();
            for (int e = 0; e < 63; e++) {
                entries.put("note-" + e + ".txt", "x".getBytes(StandardCharsets.UTF_8));
            }
            zips.add(zip("odd-" + z + ".zip", entries));
        }
        Setup setup = setUp();
        String id = upload(setup.token, zips.toArray(Path[]::new)).then().statusCode(422)
                .body("errorCount", equalTo(17 * 63)).body("errors.size()", equalTo(1_000))
                .extract().path("id");
        given().auth().oauth2(setup.token).get("/api/v1/imports/" + id).then().statusCode(200)
                .body("status", equalTo("rejected")).body("progress", equalTo(100));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** Two archives of one upload each holding a health model: which should win is the person's to say. */
    @Test
    void aHealthModelTwiceInOneUploadIsRefused() throws IOException {
        byte[] model = "{\"weights\":{\"usage\":25,\"engagement\":25,\"outcomes\":25,\"financial\":25}}"
                .getBytes(StandardCharsets.UTF_8);
        Path first = zip("first.zip", Map.of("accounts.csv", Files.readAllBytes(corpus("base/accounts.csv")),
                "health-model.json", model));
        Path second = zip("second.zip", Map.of("mrr.csv", Files.readAllBytes(corpus("base/mrr.csv")),
                "health-model.json", model));
        Setup setup = setUp();
        upload(setup.token, first, second).then().statusCode(422).body("errorCount", equalTo(1))
                .body("errors[0].file", equalTo("second.zip/health-model.json"))
                .body("errors[0].message", equalTo("health-model.json appears twice in this import: keep one."));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** A kind sent twice, from two archives or an archive and a plain file, names both places. */
    @Test
    void aKindSentTwiceNamesBothArchives() throws IOException {
        byte[] mrr = Files.readAllBytes(corpus("base/mrr.csv"));
        Path january = zip("january.zip", Map.of("accounts.csv", Files.readAllBytes(corpus("base/accounts.csv")),
                "mrr.csv", mrr));
        Path february = zip("february.zip", Map.of("mrr.csv", mrr));
        Path plain = Files.write(temp.resolve("mrr.csv"), mrr);
        Setup setup = setUp();
        upload(setup.token, january, february).then().statusCode(422).body("errorCount", equalTo(1))
                .body("errors[0].file", equalTo("february.zip/mrr.csv"))
                .body("errors[0].message", equalTo("mrr.csv appears twice in this import (also as january.zip/mrr.csv):"
                        + " send each kind once."));
        upload(setup.token, plain, january).then().statusCode(422).body("errorCount", equalTo(1))
                .body("errors[0].file", equalTo("january.zip/mrr.csv"))
                .body("errors[0].message", equalTo("mrr.csv appears twice in this import (also as mrr.csv):"
                        + " send each kind once."));
        // a plain part sent twice is named like the first: its problem is still listed before any row's
        upload(setup.token, corpus("bad/bad-date/accounts.csv"), plain, plain).then().statusCode(422)
                .body("errorCount", equalTo(2)).body("errors[0].file", equalTo("mrr.csv"))
                .body("errors[0].message", startsWith("mrr.csv appears twice in this import"))
                .body("errors[1].file", equalTo("accounts.csv"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** An archive without a CSV file says so, whatever the upload's other parts are refused for. */
    @Test
    void anArchiveWithoutACsvFileIsReportedBesideAnotherPartsProblem() throws IOException {
        Path readme = Files.writeString(temp.resolve("readme.txt"), "hi\n");
        Path folderOnly = zip("folder-only.zip", Map.of("x/", new byte[0]));
        Setup setup = setUp();
        upload(setup.token, readme, folderOnly).then().statusCode(422).body("errorCount", equalTo(2))
                .body("errors[0].file", equalTo("readme.txt"))
                .body("errors[1].file", equalTo("folder-only.zip"))
                .body("errors[1].message", equalTo("The archive holds no CSV file to import."));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** A folder zipped whole (macOS's Compress, zip -r) is imported; files spread over folders are refused. */
    @Test
    void zipOfOneFolderIsImportedAndFilesInSeveralFoldersAreRefused() throws IOException {
        Path spread = zip("spread.zip", new java.util.TreeMap<>(Map.of(
                "export/mrr.csv", Files.readAllBytes(corpus("base/mrr.csv")),
                "other/accounts.csv", Files.readAllBytes(corpus("base/accounts.csv")))));
        String hint = "put mrr.csv at the top level of the zip, or all the files in one folder";
        rejected(spread, null, null, hint, "spread.zip/export/mrr.csv");
        Path nested = zip("nested.zip", Map.of("export/2026/mrr.csv", Files.readAllBytes(corpus("base/mrr.csv"))));
        rejected(nested, null, null, hint, "nested.zip/export/2026/mrr.csv");

        Setup setup = setUp();
        byte[] accounts = "account_id,name,customer_since\nF1,Folder One,2025-01-01\n".getBytes(StandardCharsets.UTF_8);
        byte[] mrr = "account_id,month,mrr\nF1,2025-03,120.5\n".getBytes(StandardCharsets.UTF_8);
        // PowerShell 5's Compress-Archive writes the folder with a backslash
        Path folder = zip("export.zip", Map.of("export\\accounts.csv", accounts, "export/mrr.csv", mrr,
                "export/notes.csv", "x".getBytes(StandardCharsets.UTF_8), "export/.DS_Store", new byte[] { 0 },
                "__MACOSX/export/._mrr.csv", new byte[] { 0 }, "export\\", new byte[0]));
        upload(setup.token, folder).then().statusCode(201).body("rows.accounts", equalTo(1))
                .body("rows.mrr", equalTo(1));
        assertEquals("Folder One 120.5000", data.single(setup.tenant, "select a.name || ' ' || m.mrr::text"
                + " from account a join mrr m using (account_id) where account_id = 'F1'"));
    }

    @Test
    void zipBombIsRefusedAfterBoundedWork() throws IOException {
        Path zip = repetitiveZip("bomb.zip", 2_000); // 139 MB of rows, under the size limit, 1000:1 compressed
        Setup setup = setUp();
        long started = System.nanoTime();
        upload(setup.token, zip).then().statusCode(413)
                .body("status", equalTo("rejected"))
                .body("errors[0].file", equalTo("mrr.csv"))
                .body("errors[0].message", containsString("expands more than 200 times its compressed size"));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals(setup.before, data.fingerprint(setup.tenant));
        assertTrue(seconds < 20, "the entry is abandoned after a few MB; took " + seconds + " s");
    }

    @Test
    void zipEntryDeclaredOverTheLimitIsRefusedUnread() throws IOException {
        Path zip = repetitiveZip("huge.zip", 4_000); // 278 MB once uncompressed
        Setup setup = setUp();
        upload(setup.token, zip).then().statusCode(413)
                .body("errors[0].file", equalTo("mrr.csv"))
                .body("errors[0].message", containsString("larger than the limit of 200 MB per file"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /**
     * An older Windows tool writes a name outside ASCII in the DOS code page without saying so: the archive
     * is read all the same, and the file it names is the one refused, by its name.
     */
    @Test
    void aZipWhoseNamesAreNotUtf8IsReadInTheDosCodePage() throws IOException {
        Path zip = temp.resolve("dos.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip), java.nio.charset.Charset
                .forName("IBM437"))) {
            out.putNextEntry(new ZipEntry("mrr.csv"));
            out.write("account_id,month,mrr\nACC-1,2025-03,10\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("Übersicht.csv"));
            out.write("x\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        Setup setup = setUp();
        upload(setup.token, zip).then().statusCode(422)
                .body("errors[0].file", equalTo("dos.zip/Übersicht.csv"))
                .body("errors[0].message", containsString("Unexpected file in the zip"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** A zip whose mrr.csv repeats one row {@code blocks} × 4096 times. */
    private Path repetitiveZip(String name, int blocks) throws IOException {
        Path zip = temp.resolve(name);
        byte[] row = "ACC-1,2025-03,10\n".getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[row.length * 4096];
        for (int i = 0; i < 4096; i++) {
            System.arraycopy(row, 0, block, i * row.length, row.length);
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("mrr.csv"));
            out.write("account_id,month,mrr\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < blocks; i++) {
                out.write(block);
            }
            out.closeEntry();
        }
        return zip;
    }

    @Test
    void everyBadRowIsReportedNotJustTheFirst() throws IOException {
        StringBuilder csv = new StringBuilder("account_id,month,mrr\n");
        for (int i = 0; i < 1500; i++) { // each row its own month (one key repeated would be a problem of each row too)
            csv.append("ACC-1,").append(java.time.YearMonth.of(1900, 1).plusMonths(i)).append(",minus").append(i)
                    .append('\n');
        }
        Path file = temp.resolve("mrr.csv");
        Files.writeString(file, csv);
        Setup setup = setUp();
        upload(setup.token, file).then().statusCode(422)
                .body("errorCount", equalTo(1500))
                .body("errors.size()", equalTo(1000))
                .body("errors[999].line", equalTo(1001));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    @Test
    void problemsAcrossSeveralFilesAreAllReportedInImportOrder() {
        Setup setup = setUp();
        upload(setup.token, corpus("bad/negative-events/usage.csv"), corpus("bad/bad-date/accounts.csv"))
                .then().statusCode(422)
                .body("errors[0].file", equalTo("accounts.csv"))
                .body("errors[1].file", equalTo("usage.csv"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /**
     * A file with a header and no rows is refused alone (a wrong file, most likely); among several files it
     * is no rows (an export writes every kind), unless no file of the import holds a row.
     */
    @Test
    void aHeaderOnlyFileIsNoRowsBesideOthersButRefusedAloneOrWhenNothingHasRows() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("header-only"));
        Path accounts = Files.writeString(dir.resolve("accounts.csv"),
                "account_id,name,customer_since\nH1,Header One,2025-01-01\n");
        Path usage = Files.writeString(dir.resolve("usage.csv"), "account_id,user_id,date,feature,events\r\n");
        Path surveys = Files.writeString(dir.resolve("surveys.csv"),
                "\nresponse_id,account_id,responded_at,type,score,comment\n");
        Setup setup = setUp();

        // the only file with rows has a header that cannot be read: its problem alone, not the others' headers
        Path badHeader = Files.writeString(dir.resolve("mrr.csv"), "account_id,month,mrr,amount\nH1,2026-01,5,1\n");
        upload(setup.token, usage, badHeader).then().statusCode(422).body("errorCount", equalTo(1))
                .body("errors[0].file", equalTo("mrr.csv"));
        upload(setup.token, usage).then().statusCode(422).body("errors[0].file", equalTo("usage.csv"))
                .body("errors[0].line", equalTo(2)).body("errors[0].message",
                        equalTo("The file has a header but no data rows."));
        upload(setup.token, usage, surveys).then().statusCode(422).body("errorCount", equalTo(2))
                .body("errors[0].file", equalTo("usage.csv")).body("errors[1].file", equalTo("surveys.csv"))
                .body("errors[1].line", equalTo(3)).body("errors[1].message",
                        equalTo("The file has a header but no data rows."));
        assertEquals(setup.before, data.fingerprint(setup.tenant));

        upload(setup.token, usage, accounts, surveys).then().statusCode(201).body("rows.accounts", equalTo(1))
                .body("rows.usage", equalTo(0)).body("rows.surveys", equalTo(0));
        assertEquals("1", data.single(setup.tenant, "select count(*) from account where account_id = 'H1'"));
        try (java.sql.Connection connection = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet partition = statement.executeQuery("select to_regclass(quote_ident("
                        + "bw_partition_name('product_usage', '" + setup.tenant + "'))) is null as none")) {
            partition.next();
            assertTrue(partition.getBoolean("none"), "a header alone opens no usage partition");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        upload(setup.token, usage, accounts, surveys).then().statusCode(201)
                .body("message", org.hamcrest.Matchers.startsWith("Nothing changed"));
    }

    @Test
    void anUnreadableAccountsFileMakesNoFalseUnknownAccountsAndTheOtherFilesRepeatsAreListed() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("unreadable-accounts"));
        Path accounts = Files.writeString(dir.resolve("accounts.csv"),
                "account_id,name,customer_since,licenced_seats\nN1,New One,2025-01-01,5\nN2,New Two,2025-01-01,5\n");
        Path mrr = Files.writeString(dir.resolve("mrr.csv"),
                "account_id,month,mrr\nN1,2026-01,10\nN2,2026-01,20\nN1,2026-01,10\n");
        Setup setup = setUp();
        upload(setup.token, accounts, mrr).then().statusCode(422)
                .body("errorCount", equalTo(2))
                .body("errors[0].file", equalTo("accounts.csv"))
                .body("errors[0].column", equalTo("licenced_seats"))
                .body("errors[1].file", equalTo("mrr.csv"))
                .body("errors[1].line", equalTo(4))
                .body("errors[1].message", containsString("as line 2"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    @Test
    void aFileWithAWrongNameIsListedFirstAndTheOtherFilesAreStillChecked() {
        Setup setup = setUp();
        upload(setup.token, corpus("bad/bad-date/accounts.csv"), corpus("bad/bad-file-name/revenue.csv"))
                .then().statusCode(422)
                .body("errorCount", equalTo(2))
                .body("errors[0].file", equalTo("revenue.csv"))
                .body("errors[0].message", containsString("The file name must say what it holds"))
                .body("errors[1].file", equalTo("accounts.csv"))
                .body("errors[1].line", equalTo(3));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** An upload refused for its names alone is in the history with the files that were sent, not with none. */
    @Test
    void anUploadRefusedForItsNameAloneListsItsFileInTheHistory() {
        Setup setup = setUp();
        String id = upload(setup.token, corpus("bad/bad-file-name/revenue.csv")).then().statusCode(422)
                .body("errors[0].file", equalTo("revenue.csv")).extract().path("id");
        assertEquals("revenue.csv|-|t", data.single(setup.tenant, "select concat_ws('|', f->>'name',"
                + " coalesce(f->>'kind', '-'),"
                + " (f->>'bytes')::bigint > 0) from import_batch, jsonb_array_elements(files) f where id = '" + id
                + "'"));
        assertEquals("Rejected with 1 problem, nothing written: revenue.csv", data.single(setup.tenant,
                "select summary from audit_event where kind = 'import' order by id desc limit 1"));
    }

    @Test
    void aFirstLoadsRepeatedKeysAreListedWithTheOtherFilesProblems() {
        // the tenant has no usage yet, so usage.csv streams straight into its new partition,
        // which keeps no line numbers: the lines come from a second reading of the file
        Setup setup = setUp();
        upload(setup.token, corpus("bad/duplicate-key-usage/usage.csv"), corpus("bad/bad-date/accounts.csv"))
                .then().statusCode(422)
                .body("errorCount", equalTo(2))
                .body("errors[0].file", equalTo("accounts.csv"))
                .body("errors[0].line", equalTo(3))
                .body("errors[1].file", equalTo("usage.csv"))
                .body("errors[1].line", equalTo(4))
                .body("errors[1].column", equalTo("account_id"))
                .body("errors[1].message", containsString("Same (account_id, user_id, date, feature) as line 3"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
        // and the same file alone fails only when its keys are built, with the same report
        upload(setup.token, corpus("bad/duplicate-key-usage/usage.csv")).then().statusCode(422)
                .body("errorCount", equalTo(1))
                .body("errors[0].line", equalTo(4));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /**
     * A first load leaves a failed row out of its partition: a later row repeating that row's key is found on
     * the second reading, so both problems come in one answer.
     */
    @Test
    void aFirstLoadsRowRepeatingTheKeyOfABadRowIsListedToo() throws IOException {
        Setup setup = setUp();
        Path dir = Files.createTempDirectory("repeat-bad");
        Path usage = dir.resolve("usage.csv"); // the tenant has no usage yet: a first load
        Files.writeString(usage, "account_id,user_id,date,feature,events\nACC-1,u1,2025-09-01,reports,abc\n"
                + "ACC-1,u1,2025-09-01,reports,3\nACC-2,u2,2025-09-01,reports,5\n");
        upload(setup.token, usage).then().statusCode(422)
                .body("errorCount", equalTo(2))
                .body("errors[0].line", equalTo(2))
                .body("errors[0].column", equalTo("events"))
                .body("errors[1].line", equalTo(3))
                .body("errors[1].message", containsString("Same (account_id, user_id, date, feature) as line 2"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** U+0000 cannot be stored (jsonb, text): a name holding one is a problem of the upload, never a 500. */
    @Test
    void aZipEntryNamedWithANulCharacterIsRefusedAndNothingIsWritten() throws IOException {
        Path zip = zip("upload.zip", Map.of("mrr\u0000.csv", Files.readAllBytes(corpus("base/mrr.csv"))));
        rejected(zip, null, null, "U+0000", "upload.zip/mrr\\0.csv");
    }

    @Test
    void anUploadedFileNamedWithANulCharacterIsRefusedAndNothingIsWritten() throws IOException {
        Setup setup = setUp();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mrr\u0000.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(corpus("base/mrr.csv")));
        body.write("\r\n--xyz--\r\n".getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(setup.token).contentType("multipart/form-data; boundary=xyz").body(body.toByteArray())
                .when().post("/api/v1/imports").then().statusCode(422)
                .body("status", equalTo("rejected"))
                .body("errors[0].file", equalTo("mrr\\0.csv"))
                .body("errors[0].message", containsString("U+0000"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    /** An account id holding U+0000 is a row problem; its row is not staged for the other files' checks. */
    @Test
    void anAccountIdHoldingANulCharacterIsARowProblem() throws IOException {
        Path file = temp.resolve("accounts.csv");
        Files.writeString(file,
                "account_id,name,customer_since\nACC-3,Gamma,2025-01-01\nACC-4\u0000x,Delta,2025-01-01\n");
        rejected(file, 3, "account_id", "NUL", "accounts.csv");
    }

    /** The central directory is intact, so the zip opens, but an entry's compressed data is damaged. */
    @Test
    void aZipWhoseEntryDataIsDamagedIsRefusedAsUnreadable() throws IOException {
        StringBuilder csv = new StringBuilder("account_id,month,mrr\n");
        for (int i = 0; i < 2000; i++) {
            csv.append("ACC-1,").append(1900 + i / 12).append('-').append(String.format("%02d", i % 12 + 1))
                    .append(',').append(i * 7 % 1000).append('\n');
        }
        Path zip = zip("damaged.zip", Map.of("mrr.csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = Files.readAllBytes(zip);
        int start = 30 + "mrr.csv".length(); // after the entry's local header, which has no extra field
        for (int i = start + 10; i < start + 74; i++) {
            bytes[i] = (byte) 0xFF;
        }
        Files.write(zip, bytes);
        Setup setup = setUp();
        String id = upload(setup.token, zip).then().statusCode(422)
                .body("status", equalTo("rejected"))
                .body("errors[0].file", equalTo("damaged.zip/mrr.csv"))
                .body("errors[0].line", nullValue())
                .body("errors[0].message", containsString("not a readable .zip archive"))
                .extract().path("id");
        given().auth().oauth2(setup.token).when().get("/api/v1/imports/" + id).then().statusCode(200)
                .body("status", equalTo("rejected"));
        assertEquals(setup.before, data.fingerprint(setup.tenant));
    }

    private void rejected(Path file, Integer line, String column, String message, String expectedFile) {
        Setup setup = setUp();
        ValidatableResponse response = upload(setup.token, file).then().statusCode(422)
                .body("status", equalTo("rejected"))
                .body("errorCount", greaterThanOrEqualTo(1))
                .body("errors[0].file", equalTo(expectedFile))
                .body("errors[0].message", containsString(message));
        response.body("errors[0].line", line == null ? nullValue() : equalTo(line));
        if (!"*".equals(column)) {
            response.body("errors[0].column", column == null ? nullValue() : equalTo(column));
        }
        assertEquals(setup.before, data.fingerprint(setup.tenant), "a refused import must not change a row");
    }

    private record Setup(String tenant, String token, Map<String, String> before) {
    }

    /** A tenant with two accounts and some MRR, so "nothing changed" is checked against real rows. */
    private Setup setUp() {
        String tenant = tenants.create("corpus");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, corpus("base/accounts.csv"), corpus("base/mrr.csv")).then().statusCode(201);
        return new Setup(tenant, token, data.fingerprint(tenant));
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path zip = temp.resolve(name);
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }
}
