package dev.bellwether.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.bellwether.ingest.demo.DatasetGenerator;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.ImportClient;
import dev.bellwether.testing.Polling;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The narrowings of the real producers give what a full recalculation gives: rounds of random changes
 * reach the tenant as users and sources send them (a monthly export re-uploaded whole or as its changed
 * rows, with changed cells of all seven kinds, new accounts and a new month, and an activity and a ticket
 * moved off accounts the round changes nothing else of; activities logged as notes on the account page; a
 * feed's track and group calls), each producer asking for its own narrowed recalculation. A round runs
 * each request on its own, or lets them merge in the queue (the worker is off) and runs the merged one;
 * every other round, every stored figure is compared with a full recalculation of the same data (so that
 * a round also builds on an incremental one). Each narrowing's parts are needed: run with a note's month,
 * a track call's day, a moved row's old account or old date, or a group call's changed traits left out of
 * its narrowing, the comparison fails.
 */
@QuarkusTest
@TestProfile(RecalculationQueueTest.NoWorker.class)
class ProducedChangesRecalculateTest {

    private static final List<String> KINDS = List.of("accounts", "mrr", "usage", "surveys", "tickets", "activities",
            "opportunities");
    private static final YearMonth LAST = YearMonth.of(2026, 10);
    /** The column that dates a row of the kinds whose rows {@code reupload} changes. */
    private static final Map<String, String> DATED = Map.of("surveys", "responded_at", "activities", "occurred_at",
            "tickets", "opened_at");

    @Inject
    RecalculationFigures recalculations;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void randomExportsNotesAndEventsRecalculateIncrementallyToTheFullFigures() throws Exception {
        Path dir = Files.createTempDirectory("produced");
        new DatasetGenerator(new DatasetGenerator.Profile(60, 12, LAST,
                List.of("cam@produced.example", "cole@produced.example"), 15, 9)).write(dir);
        List<String> scopes = new ArrayList<>();
        for (long seed : new long[] { 41, 42, 43, 44, 45 }) {
            String tenant = tenants.create("produced");
            Export export = Export.read(dir);
            upload(tenant, export.write(Files.createTempDirectory("full"), false));
            assertEquals("full: requested", recalculations.runPending(tenant));
            String key = ingestKey(tenant);
            Random random = new Random(seed);
            for (int round = 0; round < 4; round++) {
                // a round that changes no account's attributes counts from the month of its earliest change
                boolean attributes = random.nextInt(3) == 0;
                YearMonth from = LAST.minusMonths(random.nextInt(attributes ? 12 : 6));
                boolean newMonth = round == 2;
                List<Callable<String>> producers = new ArrayList<>();
                producers.add(() -> sendEvents(tenant, key, export, random, from, attributes));
                if (round == 0 || random.nextInt(3) > 0) {
                    producers.add(() -> reupload(tenant, export, random, from, attributes, newMonth));
                }
                if (random.nextBoolean()) {
                    producers.add(() -> logActivity(tenant, export, random, from));
                }
                // in any order (an import applies the events staged before it); each producer's request run on
                // its own, or all merged in the queue into one
                Collections.shuffle(producers, random);
                boolean merged = random.nextBoolean();
                List<String> sent = new ArrayList<>();
                for (Callable<String> producer : producers) {
                    sent.add(producer.call());
                    if (!merged) {
                        scopes.add(runPending(tenant, "seed " + seed + " round " + round + " " + sent));
                    }
                }
                String what = "seed " + seed + " round " + round + (merged ? " merged " : " ") + sent;
                if (merged) {
                    scopes.add(runPending(tenant, what));
                }
                if (round % 2 == 1) {
                    recalculations.assertFullGives(tenant, recalculations.figures(tenant), what);
                }
            }
        }
        assertTrue(scopes.stream().anyMatch(s -> !s.contains("from " + LAST.minusMonths(11))), "some rounds start"
                + " after the first month: " + scopes);
    }

    /** Runs the tenant's pending request once the feed's events are applied; answers its scope. */
    private String runPending(String tenant, String what) {
        awaitEventsApplied(tenant);
        String scope = recalculations.runPending(tenant);
        assertTrue(scope.startsWith("incremental"), what + ": " + scope);
        return scope;
    }

    // --- the producers ------------------------------------------------------------------------------------

    /**
     * Changes the export of a few accounts from {@code from} on, and uploads it whole or only its changed
     * rows. With {@code attributes}, a new account and changed attributes and opportunities (which count in
     * every month); with {@code newMonth}, some accounts get MRR of the month after the export's last one.
     */
    private String reupload(String tenant, Export export, Random random, YearMonth from, boolean attributes,
            boolean newMonth) throws IOException {
        List<String> accounts = export.accounts();
        Set<String> changed = new LinkedHashSet<>();
        int count = 2 + random.nextInt(4);
        while (changed.size() < count) {
            changed.add(accounts.get(random.nextInt(accounts.size())));
        }
        if (attributes && random.nextBoolean()) {
            String id = "NEW-" + Long.toHexString(random.nextLong() & 0xffffff);
            export.add("accounts", Map.of("account_id", id, "name", "New one " + id, "segment", "Strategic",
                    "customer_since", from.atDay(4).toString(), "licensed_seats", "12"));
            changed.add(id);
        }
        for (String account : changed) {
            for (int i = 0; i < 2; i++) {
                YearMonth month = from.plusMonths(random.nextInt((int) from.until(LAST, ChronoUnit.MONTHS) + 1));
                export.put("mrr", Map.of("account_id", account, "month", month.toString(), "mrr",
                        (200 + random.nextInt(4000)) + ".50"));
                LocalDate day = month.atDay(1 + random.nextInt(month.lengthOfMonth()));
                export.put("usage", Map.of("account_id", account, "user_id", "u" + random.nextInt(6), "date",
                        day.toString(), "feature", random.nextInt(8) == 0 ? "brand-new-feature" : "reports",
                        "events", String.valueOf(random.nextInt(40))));
            }
            if (newMonth) {
                export.put("mrr", Map.of("account_id", account, "month", LAST.plusMonths(1).toString(), "mrr",
                        "999.00"));
            }
            LocalDate day = from.atDay(1 + random.nextInt(25));
            export.add("surveys", Map.of("response_id", "R-" + account + "-" + random.nextInt(1_000_000), "account_id",
                    account, "responded_at", day.toString(), "type", "NPS", "score",
                    String.valueOf(random.nextInt(11))));
            export.add("activities", Map.of("activity_id", "A-" + account + "-" + random.nextInt(1_000_000),
                    "account_id", account, "occurred_at", day.plusDays(2).toString(), "type",
                    random.nextBoolean() ? "QBR" : "call"));
            export.add("tickets", Map.of("ticket_id", "T-" + account + "-" + random.nextInt(1_000_000), "account_id",
                    account, "opened_at", day + "T09:00:00Z", "resolved_at", random.nextBoolean() ? ""
                            : day.plusDays(4) + "T10:00:00Z", "priority", "high"));
            // an earlier row changed: a survey's score, an activity moved months, a ticket resolved or moved to
            // another account; an opportunity won and the account's own attributes
            // (in a round without attributes, rows dated in the changed months)
            YearMonth dated = attributes ? null : from;
            export.changeDated("surveys", account, dated, random, row -> row.put("score", String.valueOf(
                    switch (row.get("type")) {
                        case "CSAT" -> 1 + random.nextInt(5);
                        case "CES" -> 1 + random.nextInt(7);
                        default -> random.nextInt(11);
                    })));
            export.changeDated("activities", account, dated, random, row -> row.put("occurred_at",
                    from.atDay(1 + random.nextInt(20)).toString()));
            export.changeDated("tickets", account, dated, random, row -> {
                if (random.nextBoolean()) {
                    row.put("account_id", accounts.get(random.nextInt(accounts.size())));
                } else {
                    row.put("resolved_at", LocalDate.parse(row.get("opened_at").substring(0, 10)).plusDays(3)
                            + "T08:00:00Z");
                }
            });
            if (!attributes) {
                continue;
            }
            export.change("opportunities", account, row -> true, random, row -> {
                row.put("stage", random.nextBoolean() ? "won" : "lost");
                row.put("amount", (100 + random.nextInt(900)) + ".00");
            });
            export.change("accounts", account, row -> true, random, row -> {
                row.put("segment", random.nextBoolean() ? "Enterprise" : "Mid-Market");
                row.put("csm_email", random.nextBoolean() ? "" : "cole@produced.example");
                row.put("licensed_seats", String.valueOf(5 + random.nextInt(40)));
                row.put("renewal_date", random.nextBoolean() ? "" : from.plusMonths(3).atDay(15).toString());
                if (random.nextBoolean()) {
                    LocalDate since = LocalDate.parse(row.get("customer_since")).plusDays(random.nextInt(61) - 30);
                    row.put("customer_since", since.toString());
                    row.put("first_value_date", random.nextBoolean() ? "" : since.plusDays(20).toString());
                }
            });
        }
        // two accounts the round changes nothing else of: one of the first's activities moved to another day (its
        // old month changes too); one of the second's tickets open at a month's end moved to an account that
        // changed (the second no longer counts it open then)
        List<String> others = new ArrayList<>(accounts);
        others.removeAll(changed);
        Collections.shuffle(others, random);
        String moved = others.stream().filter(a -> export.has("tickets", a, Export::openAtAMonthsEnd)).findFirst()
                .orElseThrow();
        others.remove(moved);
        String bystander = others.get(0);
        export.change("activities", bystander, row -> true, random, row -> row.put("occurred_at",
                from.atDay(1 + random.nextInt(20)).toString()));
        export.change("tickets", moved, Export::openAtAMonthsEnd, random, row -> row.put("account_id",
                changed.iterator().next()));
        boolean whole = random.nextBoolean();
        upload(tenant, export.write(Files.createTempDirectory("round"), !whole));
        return (whole ? "export" : "changed rows") + " of " + changed + ", " + bystander + " and " + moved + " from "
                + from;
    }

    /** An activity logged on the account page, on a day from two months before {@code from} to today. */
    private String logActivity(String tenant, Export export, Random random, YearMonth from) {
        String account = export.accounts().get(random.nextInt(export.accounts().size()));
        // (a day before the first month would recalculate everything, rightly)
        long back = Math.min(2, LAST.minusMonths(11).until(from, ChronoUnit.MONTHS));
        LocalDate earliest = from.minusMonths(back).atDay(1);
        LocalDate day = earliest.plusDays(random.nextInt((int) earliest.until(LocalDate.now(ZoneOffset.UTC),
                ChronoUnit.DAYS) + 1));
        String type = random.nextBoolean() ? "QBR" : "call";
        given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin")).contentType(ContentType.JSON)
                .body("{\"type\":\"" + type + "\",\"occurredAt\":\"" + day + "\"}")
                .post("/api/v1/accounts/" + account + "/notes").then().statusCode(201);
        return type + " logged on " + account + " for " + day;
    }

    /**
     * One batch of a feed: track calls of a few accounts on days from {@code from} to the export's last
     * month (a retried message among them). With {@code attributes}, group calls first that change an
     * account's traits, and sometimes create one; else one that repeats an account's segment (which changes
     * nothing).
     */
    private String sendEvents(String tenant, String key, Export export, Random random, YearMonth from,
            boolean attributes) {
        List<String> accounts = export.accounts();
        List<String> events = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        String group = accounts.get(random.nextInt(accounts.size()));
        String segment = data.single(tenant, "select segment from account where account_id = '" + group + "'");
        String created = null;
        if (attributes) {
            events.add("{\"type\":\"group\",\"groupId\":\"" + group + "\",\"traits\":{\"segment\":\""
                    + ("Strategic".equals(segment) ? "SMB" : "Strategic") + "\",\"licensed_seats\":"
                    + (3 + random.nextInt(30)) + "}}");
            if (random.nextBoolean()) {
                created = "FEED-" + Long.toHexString(random.nextLong() & 0xffffff);
                events.add("{\"type\":\"group\",\"groupId\":\"" + created + "\",\"traits\":{\"name\":\"Fed "
                        + created + "\",\"segment\":\"SMB\",\"customer_since\":\"" + LAST.minusMonths(2).atDay(7)
                        + "\"}}");
                touched.add(created);
            }
        } else {
            events.add("{\"type\":\"group\",\"groupId\":\"" + group + "\",\"traits\":{\"segment\":\"" + segment
                    + "\"}}");
        }
        for (int i = 0; i < 12; i++) {
            // a new account's usage in the batch that creates it
            String account = i == 0 && created != null ? created : accounts.get(random.nextInt(accounts.size()));
            touched.add(account);
            YearMonth month = from.plusMonths(random.nextInt((int) from.until(LAST, ChronoUnit.MONTHS) + 1));
            LocalDate day = month.atDay(1 + random.nextInt(28));
            events.add("{\"type\":\"track\",\"messageId\":\"m-" + random.nextInt(200) + "\",\"userId\":\"u"
                    + random.nextInt(6) + "\",\"event\":\"" + (random.nextInt(6) == 0 ? "Feed Only" : "reports")
                    + "\",\"context\":{\"groupId\":\"" + account + "\"},\"timestamp\":\"" + day + "T12:00:00Z\"}");
        }
        given().auth().preemptive().basic(key, "").contentType(ContentType.JSON)
                .body("{\"batch\":[" + String.join(",", events) + "]}").post("/api/v1/events").then().statusCode(200);
        return "events of " + touched + (attributes ? ", traits of " + group : "");
    }

    private void awaitEventsApplied(String tenant) {
        String staged = "select count(*) from feed_event where applied_at is null";
        assertEquals("0", Polling.await(() -> data.single(tenant, staged), "0"),
                "the coalescing job applied the tenant's events");
    }

    private static String ingestKey(String tenant) {
        return given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin")).contentType(ContentType.JSON)
                .body("{\"name\":\"Feed\"}").post("/api/v1/admin/ingest-keys").then().statusCode(201).extract()
                .path("secret");
    }

    private static void upload(String tenant, Path... files) {
        ImportClient.upload(FakeKeycloak.accessToken("ada", tenant, "admin"), files).then().statusCode(201);
    }

    // --- the export ---------------------------------------------------------------------------------------

    /** A tenant's seven files as its source system would export them: rows by key, and the keys changed since. */
    private static final class Export {

        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, Map<String, Map<String, String>>> rows = new LinkedHashMap<>();
        private final Map<String, Set<String>> changed = new LinkedHashMap<>();

        static Export read(Path dir) throws IOException {
            Export export = new Export();
            for (String kind : KINDS) {
                try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(dir.resolve(kind + ".csv"))) {
                    List<String> header = null;
                    for (CsvRecord record : csv) {
                        if (header == null) {
                            header = record.getFields();
                            export.headers.put(kind, header);
                            export.rows.put(kind, new LinkedHashMap<>());
                            export.changed.put(kind, new LinkedHashSet<>());
                            continue;
                        }
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < header.size(); i++) {
                            row.put(header.get(i), record.getField(i));
                        }
                        export.rows.get(kind).put(export.key(kind, row), row);
                    }
                }
            }
            return export;
        }

        List<String> accounts() {
            return List.copyOf(rows.get("accounts").keySet());
        }

        /** Adds a row (or replaces the row of its key), its other columns empty. */
        void add(String kind, Map<String, String> values) {
            Map<String, String> row = row(kind, values);
            String key = key(kind, row);
            rows.get(kind).put(key, row);
            changed.get(kind).add(key);
        }

        /** Sets the values of the row of their key, adding it when there is none. */
        void put(String kind, Map<String, String> values) {
            Map<String, String> row = row(kind, values);
            String key = key(kind, row);
            Map<String, String> stored = rows.get(kind).putIfAbsent(key, row);
            if (stored != null) {
                stored.putAll(values);
            }
            changed.get(kind).add(key);
        }

        /** {@code values} as a row of the kind: its columns in the file's order, those not given empty. */
        private Map<String, String> row(String kind, Map<String, String> values) {
            Map<String, String> row = new LinkedHashMap<>();
            headers.get(kind).forEach(column -> row.put(column, values.getOrDefault(column, "")));
            return row;
        }

        /** Changes one random row of the account, if it has any, dated from {@code from} on (any when null). */
        void changeDated(String kind, String account, YearMonth from, Random random,
                Consumer<Map<String, String>> how) {
            String date = DATED.get(kind);
            change(kind, account, row -> from == null || row.get(date).compareTo(from.toString()) >= 0, random, how);
        }

        /** Changes one random row of the account that passes {@code which}, if it has any. */
        void change(String kind, String account, Predicate<Map<String, String>> which, Random random,
                Consumer<Map<String, String>> how) {
            List<String> keys = rows.get(kind).entrySet().stream()
                    .filter(e -> e.getValue().get("account_id").equals(account) && which.test(e.getValue()))
                    .map(Map.Entry::getKey).collect(Collectors.toList());
            if (!keys.isEmpty()) {
                String key = keys.get(random.nextInt(keys.size()));
                how.accept(rows.get(kind).get(key));
                changed.get(kind).add(key);
            }
        }

        /** Whether the account has a row of the kind that passes {@code which}. */
        boolean has(String kind, String account, Predicate<Map<String, String>> which) {
            return rows.get(kind).values().stream().anyMatch(row -> row.get("account_id").equals(account)
                    && which.test(row));
        }

        /** A ticket still open, or resolved in a later month than it was opened: open at a month's end. */
        static boolean openAtAMonthsEnd(Map<String, String> ticket) {
            String resolved = ticket.get("resolved_at");
            return resolved.isEmpty() || !resolved.startsWith(ticket.get("opened_at").substring(0, 7));
        }

        /** Writes the files into {@code dir}: every row, or only those changed since the last write. */
        Path[] write(Path dir, boolean changedOnly) throws IOException {
            List<Path> files = new ArrayList<>();
            for (String kind : KINDS) {
                Set<String> keys = changedOnly ? changed.get(kind) : rows.get(kind).keySet();
                if (keys.isEmpty()) {
                    continue;
                }
                Path file = dir.resolve(kind + ".csv");
                try (CsvWriter csv = CsvWriter.builder().build(file)) {
                    csv.writeRecord(headers.get(kind));
                    for (String key : keys) {
                        csv.writeRecord(rows.get(kind).get(key).values());
                    }
                }
                files.add(file);
                changed.get(kind).clear();
            }
            return files.toArray(Path[]::new);
        }

        private String key(String kind, Map<String, String> row) {
            return switch (kind) {
                case "mrr" -> row.get("account_id") + "|" + row.get("month");
                case "usage" -> String.join("|", row.get("account_id"), row.get("user_id"), row.get("date"),
                        row.get("feature"));
                default -> row.get(headers.get(kind).get(0));
            };
        }
    }
}
