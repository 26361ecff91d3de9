package dev.bellwether.ingest;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static dev.bellwether.testing.ImportClient.uploadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.FiredRecalculations;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Re-uploads (issue 18, part 4): identical files write nothing and ask for no recalculation; a changed
 * export writes exactly its new and changed rows, all or nothing, and narrows the recalculation to the
 * months and accounts those rows touch. "Written" is read from each row's version ({@code xmin}, with
 * {@code ctid}): PostgreSQL gives an updated or inserted row a new one, and leaves an untouched row's alone.
 */
@QuarkusTest
class ReuploadTest {

    private static final String MRR_KEY = "account_id || ' ' || to_char(month, 'YYYY-MM')";

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Inject
    FiredRecalculations fired;

    /** A tenant with the contract's sample loaded and recalculated, and its admin's token. */
    private record Loaded(String tenant, String token) {
    }

    private Loaded loaded(String prefix) {
        String tenant = tenants.create(prefix);
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        return new Loaded(tenant, token);
    }

    @Test
    void anIdenticalReuploadWritesNoRowAndAsksForNoRecalculation() {
        Loaded t = loaded("same");
        Map<String, String> versions = rowVersions(t.tenant());
        Map<String, String> content = data.fingerprint(t.tenant());
        String recalculated = latestRecalculation(t.tenant());
        int requests = fired.of(t.tenant()).size();

        JsonPath answer = upload(t.token(), SAMPLE.resolve("all.zip")).then().statusCode(201)
                .body("status", equalTo("applied"))
                .body("recalculation", equalTo("pending")) // the contract's answer to every applied import
                .body("message", containsString("Nothing changed"))
                .extract().jsonPath();
        for (String kind : ImportApiTest.SAMPLE_ROWS.keySet()) {
            assertEquals(ImportApiTest.SAMPLE_ROWS.get(kind), answer.getInt("rows." + kind), kind);
            assertEquals(0, answer.getInt("changes." + kind + ".inserted"), kind);
            assertEquals(0, answer.getInt("changes." + kind + ".updated"), kind);
        }
        assertEquals(versions, rowVersions(t.tenant()), "no row of any table was written");
        assertEquals(content, data.fingerprint(t.tenant()));
        assertEquals(requests, fired.of(t.tenant()).size(), "no recalculation was requested");
        assertEquals(recalculated, latestRecalculation(t.tenant()), "the figures are the same run's");

        given().auth().oauth2(t.token()).when().get("/api/v1/imports/" + answer.getString("id"))
                .then().statusCode(200)
                .body("status", equalTo("applied"))
                .body("recalculation", equalTo("done")) // a client polling until done stops at once
                .body("progress", equalTo(100))
                .body("message", containsString("Nothing changed"));
    }

    @Test
    void aChangedCellUpdatesExactlyThatRowAndANewRowIsInserted() throws IOException {
        Loaded t = loaded("cell");
        Map<String, String> mrrBefore = keyedVersions(t.tenant(), "mrr", MRR_KEY);
        Map<String, String> versions = rowVersions(t.tenant());
        Path dir = Files.createTempDirectory("reupload");
        Path mrr = edited(dir, "mrr.csv", "ACC-00005,2026-07,2217.50", "ACC-00005,2026-07,2300.00");
        Path usage = appended(dir, "usage.csv", "ACC-00005,u999,2026-08-03,api,3");

        upload(t.token(), mrr, usage).then().statusCode(201)
                .body("recalculation", equalTo("pending"))
                .body("message", nullValue())
                .body("changes.mrr.updated", equalTo(1)).body("changes.mrr.inserted", equalTo(0))
                .body("changes.usage.updated", equalTo(0)).body("changes.usage.inserted", equalTo(1));

        Map<String, String> mrrAfter = keyedVersions(t.tenant(), "mrr", MRR_KEY);
        assertEquals(mrrBefore.keySet(), mrrAfter.keySet());
        Map<String, String> rewritten = new HashMap<>();
        mrrAfter.forEach((key, version) -> {
            if (!version.equals(mrrBefore.get(key))) {
                rewritten.put(key, version);
            }
        });
        assertEquals(Set.of("ACC-00005 2026-07"), rewritten.keySet(), "only the changed row was written");
        assertEquals("2300.0000", data.single(t.tenant(),
                "select mrr from mrr where account_id = 'ACC-00005' and month = '2026-07-01'"));
        assertEquals(8063, data.count(t.tenant(), "product_usage"));
        Map<String, String> after = rowVersions(t.tenant());
        for (String table : TenantData.TABLES) {
            if (!table.equals("mrr") && !table.equals("product_usage")) {
                assertEquals(versions.get(table), after.get(table), table + " was not written");
            }
        }

        RecalculationRequested requested = fired.latest(t.tenant());
        assertEquals(Optional.of(YearMonth.of(2026, 7)), requested.changedFrom(), "the earlier of July and August");
        assertEquals(Optional.of(Set.of("ACC-00005")), requested.changedAccounts());
        recalculations.awaitIdle(t.tenant());
    }

    /**
     * A file far smaller than what is stored (here 3 usage rows against the sample's 8,062, with the
     * planner's statistics fresh) is compared row by row through the key instead of reading the stored
     * rows in full: the same outcome, down to the repeated key's line.
     */
    @Test
    void aSmallDeltaAgainstManyStoredRowsWritesOnlyItsChangedAndNewRows() throws IOException {
        Loaded t = loaded("delta");
        data.single(t.tenant(), "select bw_refresh_statistics()::text");
        String usageKey = "account_id || ' ' || user_id || ' ' || day || ' ' || feature";
        String[] rows = data.single(t.tenant(), "select string_agg(account_id || ',' || user_id || ',' || day || ','"
                + " || feature || ',' || events, ';' order by account_id, day, user_id, feature) from (select * from"
                + " product_usage where feature <> '(none)' and account_id = 'ACC-00005'"
                + " order by account_id, day, user_id, feature limit 2) u").split(";");
        String same = rows[0];
        String[] changed = rows[1].split(",");
        String bumped = String.join(",", changed[0], changed[1], changed[2], changed[3],
                Integer.toString(Integer.parseInt(changed[4]) + 1));
        String added = "ACC-00005,u999,2026-08-03,api,3";
        Map<String, String> before = keyedVersions(t.tenant(), "product_usage", usageKey);
        Path dir = Files.createTempDirectory("delta");
        Path usage = Files.writeString(dir.resolve("usage.csv"),
                "account_id,user_id,date,feature,events\r\n" + same + "\r\n" + bumped + "\r\n" + added + "\r\n");

        upload(t.token(), usage).then().statusCode(201)
                .body("recalculation", equalTo("pending"))
                .body("changes.usage.updated", equalTo(1)).body("changes.usage.inserted", equalTo(1));

        Map<String, String> after = keyedVersions(t.tenant(), "product_usage", usageKey);
        Map<String, String> written = new HashMap<>();
        after.forEach((key, version) -> {
            if (!version.equals(before.get(key))) {
                written.put(key, version);
            }
        });
        String bumpedKey = String.join(" ", changed[0], changed[1], changed[2], changed[3]);
        assertEquals(Set.of(bumpedKey, "ACC-00005 u999 2026-08-03 api"), written.keySet());
        assertEquals(Integer.toString(Integer.parseInt(changed[4]) + 1), data.single(t.tenant(),
                "select events from product_usage where " + usageKey + " = '" + bumpedKey + "'"));
        RecalculationRequested requested = fired.latest(t.tenant());
        assertEquals(Optional.of(Set.of("ACC-00005")), requested.changedAccounts());
        recalculations.awaitIdle(t.tenant());

        Path repeated = Files.writeString(dir.resolve("usage.csv"),
                "account_id,user_id,date,feature,events\r\n" + same + "\r\n" + same + "\r\n");
        upload(t.token(), repeated).then().statusCode(422)
                .body("errorCount", equalTo(1))
                .body("errors[0].line", equalTo(3))
                .body("errors[0].message", containsString("as line 2"));
        Path unchanged = Files.writeString(dir.resolve("usage.csv"),
                "account_id,user_id,date,feature,events\r\n" + same + "\r\n" + added + "\r\n");
        upload(t.token(), unchanged).then().statusCode(201).body("message", containsString("Nothing changed"));
        assertEquals(after, keyedVersions(t.tenant(), "product_usage", usageKey));
    }

    @Test
    void aReuploadWithOneBadRowWritesNothingAndNamesTheRow() throws IOException {
        Loaded t = loaded("bad");
        Map<String, String> versions = rowVersions(t.tenant());
        int requests = fired.of(t.tenant()).size();
        Path dir = Files.createTempDirectory("reupload");
        Path mrr = edited(dir, "mrr.csv", "ACC-00005,2026-07,2217.50", "ACC-00005,2026-07,2300.00");
        Files.writeString(mrr,
                Files.readString(mrr).replace("ACC-00005,2026-08,2217.50\r\n", "ACC-00005,2026-08,-5\r\n"));
        Path usage = appended(dir, "usage.csv", "ACC-00005,u999,2026-08-03,api,3");

        upload(t.token(), mrr, usage).then().statusCode(422)
                .body("errorCount", equalTo(1))
                .body("errors[0].file", equalTo("mrr.csv"))
                .body("errors[0].line", equalTo(50))
                .body("errors[0].column", equalTo("mrr"));
        assertEquals(versions, rowVersions(t.tenant()), "all or nothing: not the good rows either");
        assertEquals(requests, fired.of(t.tenant()).size());
    }

    @Test
    void aRepeatedKeyIsReportedWhetherItsRowsAreUnchangedOrNot() throws IOException {
        Loaded t = loaded("repeat");
        Map<String, String> versions = rowVersions(t.tenant());
        // line 578 repeats line 48 exactly, as stored: no row differs, yet the file is broken
        uploadBody(t.token(), "mrr",
                (read("mrr.csv") + "ACC-00005,2026-06,2217.50\r\n").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422)
                .body("errorCount", equalTo(1))
                .body("errors[0].line", equalTo(578))
                .body("errors[0].message", containsString("Same (account_id, month) as line 48"));
        // and with a different amount: one of the two rows differs from the stored one
        uploadBody(t.token(), "mrr", (read("mrr.csv") + "ACC-00005,2026-06,99\r\n").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422)
                .body("errors[0].line", equalTo(578))
                .body("errors[0].message", containsString("Same (account_id, month) as line 48"));
        // two new rows with the same key
        uploadBody(t.token(), "mrr", (read("mrr.csv") + "ACC-00005,2026-05,1\r\nACC-00005,2026-05,1\r\n")
                .getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422)
                .body("errors[0].line", equalTo(579))
                .body("errors[0].message", containsString("as line 578"));
        // the first of the two with a bad amount: both problems in one answer, not the repeat on the next upload
        uploadBody(t.token(), "mrr", (read("mrr.csv") + "ACC-00005,2026-05,abc\r\nACC-00005,2026-05,1\r\n")
                .getBytes(StandardCharsets.UTF_8))
                .then().statusCode(422)
                .body("errorCount", equalTo(2))
                .body("errors[0].line", equalTo(578))
                .body("errors[0].column", equalTo("mrr"))
                .body("errors[1].line", equalTo(579))
                .body("errors[1].message", containsString("Same (account_id, month) as line 578"));
        assertEquals(versions, rowVersions(t.tenant()));
    }

    @Test
    void aTicketMovedToAnotherAccountNarrowsToBothAccountsFromItsEarliestDate() {
        Loaded t = loaded("ticket");
        uploadBody(t.token(), "tickets", read("tickets.csv").replace(
                "T-0000028,ACC-00007,2026-10-23T17:03:25Z",
                "T-0000028,ACC-00005,2026-08-01T10:00:00Z").getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201).body("changes.tickets.updated", equalTo(1));
        RecalculationRequested requested = fired.latest(t.tenant());
        assertEquals(Optional.of(YearMonth.of(2026, 8)), requested.changedFrom());
        assertEquals(Optional.of(Set.of("ACC-00005", "ACC-00007")), requested.changedAccounts(),
                "the account it left and the one it joined");
        recalculations.awaitIdle(t.tenant());
    }

    @Test
    void anAccountsAttributeCountsFromTheTenantsFirstMonth() {
        Loaded t = loaded("account");
        uploadBody(t.token(), "accounts", read("accounts.csv").replace(
                "ACC-00007,Vandelay Freight K.K.,Mid-Market,", "ACC-00007,Vandelay Freight K.K.,Enterprise,")
                .getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201).body("changes.accounts.updated", equalTo(1));
        RecalculationRequested requested = fired.latest(t.tenant());
        String firstMonth = data.single(t.tenant(), "select to_char(min(month), 'YYYY-MM') from mrr");
        assertEquals(Optional.of(YearMonth.parse(firstMonth)), requested.changedFrom());
        assertEquals(Optional.of(Set.of("ACC-00007")), requested.changedAccounts());
        recalculations.awaitIdle(t.tenant());
    }

    @Test
    void aFirstLoadAsksForEverything() {
        String tenant = tenants.create("first");
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201)
                .body("recalculation", equalTo("pending"));
        RecalculationRequested requested = fired.latest(tenant);
        assertEquals(Optional.empty(), requested.changedFrom());
        assertEquals(Optional.empty(), requested.changedAccounts());
        assertNotEquals(0, data.count(tenant, "mrr"));
        recalculations.awaitIdle(tenant);
    }

    /** Per table, a digest of every row's place and version: any insert, update or delete changes it. */
    private Map<String, String> rowVersions(String tenant) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String table : TenantData.TABLES) {
            versions.put(table, data.single(tenant, "select count(*) || ':' || coalesce(md5(string_agg("
                    + "ctid::text || '@' || xmin::text, ',' order by ctid)), '') from " + table));
        }
        assertTrue(versions.values().stream().noneMatch(v -> v.startsWith("0:")), "every table has rows");
        return versions;
    }

    /** Each row's version by its key. */
    private Map<String, String> keyedVersions(String tenant, String table, String key) {
        String all = data.single(tenant, "select string_agg(" + key + " || '=' || xmin::text, ',') from " + table);
        Map<String, String> versions = new HashMap<>();
        for (String entry : all.split(",")) {
            int at = entry.lastIndexOf('=');
            versions.put(entry.substring(0, at), entry.substring(at + 1));
        }
        return versions;
    }

    private String latestRecalculation(String tenant) {
        return data.single(tenant, "select id || ' ' || status || ' ' || finished_at from recalculation"
                + " order by id desc limit 1");
    }

    private static String read(String sampleFile) {
        try {
            return Files.readString(SAMPLE.resolve(sampleFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample file with {@code line} (which it holds once) replaced, written into {@code dir}. */
    private static Path edited(Path dir, String sampleFile, String line, String replacement) throws IOException {
        String content = read(sampleFile);
        assertEquals(content.indexOf(line + "\r\n"), content.lastIndexOf(line + "\r\n"), line);
        assertTrue(content.contains(line + "\r\n"), line);
        return Files.writeString(dir.resolve(sampleFile), content.replace(line + "\r\n", replacement + "\r\n"));
    }

    /** The sample file (its lines end in CR LF) with {@code line} added, written into {@code dir}. */
    private static Path appended(Path dir, String sampleFile, String line) throws IOException {
        return Files.writeString(dir.resolve(sampleFile), read(sampleFile) + line + "\r\n");
    }
}
