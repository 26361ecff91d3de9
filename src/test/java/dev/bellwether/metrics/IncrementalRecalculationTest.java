package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.ingest.demo.DatasetGenerator;
import dev.bellwether.metrics.calc.WeightSearch;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.ImportClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An incremental recalculation gives exactly what a full one gives: after random changes from a random
 * month on, to some accounts' MRR, usage, answers, tickets, activities, opportunities and attributes
 * (sometimes a new account, sometimes a new month), every stored figure the pages and the API read
 * (tenant, segment, CSM and breakdown metrics of every month, each account's snapshot and history,
 * cohorts, backtest, CSM load, churn drivers and the driver sample) and the alerts are compared, row
 * by row, with a full recalculation of the same data. The worker is off: the test runs each request.
 */
@QuarkusTest
@TestProfile(RecalculationQueueTest.NoWorker.class)
class IncrementalRecalculationTest {

    @Inject
    RecalculationQueue queue;

    @Inject
    RecalculationFigures recalculations;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    HealthModelStore models;

    @Inject
    ChurnDriverService churnDrivers;

    @Test
    void randomChangesToThePublicSampleRecalculateIncrementallyToTheFullFigures() {
        for (long seed : new long[] { 1, 2, 3 }) {
            String tenant = tenants.create("incr-sample");
            upload(tenant, ImportClient.sampleFiles());
            assertTrue(runPending(tenant).startsWith("full"), "the first run reads everything");
            // 17 kB for the sample's 60 accounts, compressed as every run writes it (V29)
            assertEquals(List.of("lz4"),
                    rows(tenant, "select pg_column_compression(driver_sample) from tenant_snapshot"));
            // the explained scores' inputs, not the explanations: short enough to stay uncompressed in the row
            assertEquals(List.of("0"), rows(tenant, "select count(*) from account_snapshot"
                    + " where octet_length(detail) > 1000 or pg_column_compression(detail) is not null"));
            compareAfterRandomChanges(tenant, new Random(seed));
        }
    }

    @Test
    void randomChangesToAGeneratedBookRecalculateIncrementallyToTheFullFigures() throws IOException {
        Path dir = Files.createTempDirectory("incr-gen");
        new DatasetGenerator(new DatasetGenerator.Profile(120, 15, YearMonth.of(2026, 10),
                List.of("cam@gen.example", "cole@gen.example", "cy@gen.example"), 25, 7)).write(dir);
        for (long seed : new long[] { 11, 12 }) {
            String tenant = tenants.create("incr-gen");
            upload(tenant, files(dir));
            runPending(tenant);
            compareAfterRandomChanges(tenant, new Random(seed));
        }
    }

    @Test
    void randomChangesOfMonthFactsOnlyReuseTheEarlierMonthsFiguresAndGiveTheFullOnes() throws IOException {
        Path dir = Files.createTempDirectory("incr-facts");
        new DatasetGenerator(new DatasetGenerator.Profile(120, 15, YearMonth.of(2026, 10),
                List.of("cam@facts.example", "cole@facts.example"), 25, 7)).write(dir);
        for (long seed : new long[] { 21, 22 }) {
            String tenant = tenants.create("incr-facts");
            upload(tenant, files(dir));
            runPending(tenant);
            compareAfterRandomChanges(tenant, new Random(seed), true);
        }
    }

    @Test
    void randomChangesToMostAccountsReadTheWholeBookAndGiveTheFullFigures() {
        for (long seed : new long[] { 31, 32 }) {
            String tenant = tenants.create("incr-most");
            upload(tenant, ImportClient.sampleFiles());
            runPending(tenant);
            compareAfterRandomChanges(tenant, new Random(seed), false, true);
        }
    }

    /**
     * An events feed's rounds: usage of the last month for a few accounts. The run counts the tenant's
     * features of that month from the usage every account's facts kept, not from a read of every row;
     * a feature nobody used before moves every other account's adoption, and one whose last rows go
     * moves it back.
     */
    @Test
    void theLastMonthsUsageOfAFewAccountsCountsTheTenantsFeaturesAsAFullRunDoes() {
        String tenant = sampleRecalculated("incr-feed");
        YearMonth last = lastMonth(tenant);
        LocalDate end = last.atEndOfMonth();
        List<String> ids = rows(tenant, "select account_id from account order by account_id");
        // an account none of the rounds touches, with features used in the last month's window
        String bystander = data.single(tenant, "select max(account_id) from product_usage where events > 0"
                + " and day > date '" + end + "' - 30 and account_id not in ('" + String.join("', '", ids.subList(0, 3))
                + "')");
        String snapshot = "select (to_jsonb(s) - 'tenant_id')::text from account_snapshot s where account_id = '"
                + bystander + "'";
        List<String> before = rows(tenant, snapshot);

        execute(tenant, String.format("insert into product_usage values ('%s', '%s', '%s', 'feed-user',"
                + " 'brand-new-feature', 4), ('%s', '%s', '%s', 'u1', 'reports', 3)", tenant, ids.get(0), end, tenant,
                ids.get(1), end.minusDays(2)));
        request(tenant, new Narrowing(last, Set.of(ids.get(0), ids.get(1))));
        assertTrue(runPending(tenant).startsWith("incremental: from " + last + ", 2 of "));
        Map<String, List<String>> incremental = figures(tenant);
        assertNotEquals(before, rows(tenant, snapshot), "a new feature moves the adoption of " + bystander);
        assertFullGives(tenant, incremental, "a new feature in the last month");

        execute(tenant, String.format("delete from product_usage where account_id = '%s' and feature ="
                + " 'brand-new-feature'", ids.get(0)));
        execute(tenant, String.format("insert into product_usage values ('%s', '%s', '%s', 'feed-user', 'reports',"
                + " 1)", tenant, ids.get(2), end));
        request(tenant, new Narrowing(last, Set.of(ids.get(0), ids.get(2))));
        assertTrue(runPending(tenant).startsWith("incremental: from " + last + ", 2 of "));
        incremental = figures(tenant);
        assertEquals(before, rows(tenant, snapshot), "the feature's last rows gone, " + bystander + " is as before");
        assertFullGives(tenant, incremental, "a feature's last rows gone");
    }

    /**
     * The suggested weights are searched (about 1 s at 10,000 accounts) on the stored driver sample: a
     * round that leaves the sample as it was keeps the suggestion found on it; a run that writes the
     * sample again searches again.
     */
    @Test
    void aRoundThatLeavesTheDriverSampleKeepsTheSuggestedWeights() {
        String tenant = sampleRecalculated("incr-suggest");
        YearMonth last = lastMonth(tenant);
        String account = rows(tenant, "select account_id from account order by account_id").get(0);
        WeightSearch.Suggestion first = TenantContext.call(tenant, () -> churnDrivers.suggestion().orElseThrow());

        execute(tenant, String.format("insert into product_usage values ('%s', '%s', '%s', 'feed-user', 'reports', 7)",
                tenant, account, last.atEndOfMonth()));
        request(tenant, new Narrowing(last, Set.of(account)));
        assertTrue(runPending(tenant).startsWith("incremental: from " + last));
        assertSame(first, TenantContext.call(tenant, () -> churnDrivers.suggestion().orElseThrow()),
                "the round left the sample, and so the suggestion");

        requestEverything(tenant);
        runPending(tenant);
        WeightSearch.Suggestion again = TenantContext.call(tenant, () -> churnDrivers.suggestion().orElseThrow());
        assertNotSame(first, again, "a full run writes the sample again");
        assertEquals(first, again);
    }

    @Test
    void nextMonthsImportIsNarrowedAndRecalculatedIncrementally() throws IOException {
        Path[] split = nextMonthSplit();
        Path first = split[0];
        Path next = split[1];
        String tenant = tenants.create("incr-next");
        upload(tenant, files(first));
        runPending(tenant);
        List<String> firstHistory = rows(tenant, "select account_id || months::text || health::text"
                + " from account_history order by account_id");
        upload(tenant, files(next));
        // the accounts file is the same, so only the accounts with new MRR or usage rows are named
        String named = data.single(tenant, "select count(distinct account_id) from (select account_id from mrr"
                + " where month = '2026-10-01' union select account_id from product_usage"
                + " where day >= '2026-10-01') n");
        assertEquals("2026-10-01|" + named, data.single(tenant, "select changed_from || '|'"
                + " || cardinality(changed_accounts) from recalculation where status = 'pending'"),
                "the import named the new month and the accounts it wrote rows for");
        String scope = runPending(tenant);
        assertTrue(scope.startsWith("incremental: from 2026-10, "), scope);
        assertTrue(scope.endsWith(", book figures of 12 earlier months reused"), scope);
        assertEquals(firstHistory, rows(tenant, "select account_id || months::text || health::text"
                + " from account_history where since < '2026-10-01' order by account_id"),
                "the stored history was left as it was");
        assertEquals(data.single(tenant, "select count(*) from mrr where month = '2026-10-01' and mrr > 0"),
                data.single(tenant, "select count(*) from account_history where since = '2026-10-01'"
                        + " and months = '{2026-10-01}'"), "October appended for every account paying in it");
        Map<String, List<String>> incremental = figures(tenant);
        assertFullGives(tenant, incremental, "next month's import");
    }

    @Test
    void changesAfterAnAppendedMonthRecalculateIncrementallyToTheFullFigures() throws IOException {
        Path[] split = nextMonthSplit();
        String tenant = tenants.create("incr-appended");
        upload(tenant, files(split[0]));
        runPending(tenant);
        upload(tenant, files(split[1]));
        assertTrue(runPending(tenant).startsWith("incremental"));
        assertNotEquals("0", data.single(tenant, "select count(*) from account_history where since = '2026-10-01'"));
        // the first round changes months before and after the appended one, on the history in two rows
        compareAfterRandomChanges(tenant, new Random(11));
    }

    /**
     * An imported copy of a logged activity (an export's {@code note-<id>}) hides the logged one: dated months later
     * than it, the months between changed too, though the import wrote no row dated in them.
     */
    @Test
    void anImportedCopyOfALoggedActivityDatedLaterRecalculatesToTheFullFigures() throws IOException {
        String tenant = sampleRecalculated("incr-copy");
        YearMonth last = lastMonth(tenant);
        String note = "6f1c2a7e-2f4b-4c51-9d3e-5a0b8c1d2e3f";
        // an account scored in the months before the last with no contact in them: the call is its only one
        String account = data.single(tenant, "select min(h.account_id) from account_month h where h.month = date '"
                + last.minusMonths(2).atDay(1) + "' and h.health is not null and not exists (select 1 from activity a"
                + " where a.account_id = h.account_id and a.occurred_at >= date '" + last.minusMonths(6).atDay(1)
                + "')");
        assertNotEquals(null, account, "the sample has an account without contact in half a year");
        execute(tenant, "insert into account_note (tenant_id, id, account_id, type, occurred_at, body, author)"
                + " values ('" + tenant + "', '" + note + "', '" + account + "', 'call', date '"
                + last.minusMonths(2).atEndOfMonth() + "', '', 'ada')");
        requestEverything(tenant);
        assertEquals("full: requested", runPending(tenant));
        Path dir = Files.createTempDirectory("copy");
        Path activities = dir.resolve("activities.csv");
        Files.writeString(activities, "activity_id,account_id,occurred_at,type,csm_email\n"
                + "note-" + note + "," + account + "," + last.atDay(20) + ",call,\n");
        upload(tenant, activities);
        String scope = runPending(tenant);
        assertFullGives(tenant, figures(tenant), "a logged call's imported copy, dated two months later: " + scope);
    }

    /** A generated book of 13 months to October 2026, split into the months before October and October's rows. */
    private static Path[] nextMonthSplit() throws IOException {
        Path dir = Files.createTempDirectory("incr-next");
        new DatasetGenerator(new DatasetGenerator.Profile(80, 13, YearMonth.of(2026, 10),
                List.of("cam@next.example", "cole@next.example"), 20, 5)).write(dir);
        Path first = Files.createDirectories(dir.resolve("first"));
        Path next = Files.createDirectories(dir.resolve("next"));
        for (String kind : List.of("surveys", "tickets", "activities", "opportunities")) {
            Files.copy(dir.resolve(kind + ".csv"), first.resolve(kind + ".csv"));
        }
        Files.copy(dir.resolve("accounts.csv"), first.resolve("accounts.csv"));
        Files.copy(dir.resolve("accounts.csv"), next.resolve("accounts.csv"));
        split(dir.resolve("mrr.csv"), "month", "2026-10", first, next);
        split(dir.resolve("usage.csv"), "date", "2026-10", first, next);
        return new Path[] {first, next};
    }

    @Test
    void aHealthModelChangeRecalculatesEverythingEvenWhenTheRequestIsNarrowed() {
        String tenant = tenants.create("incr-model");
        upload(tenant, ImportClient.sampleFiles());
        runPending(tenant);
        HealthModel d = HealthModel.defaults();
        HealthModel stricter = new HealthModel(d.weights(), d.measures(), new HealthModel.Bands(80, 55), d.alerts(),
                d.segmentWeights());
        int version = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> models.save(
                stricter, "ada", "Ada", "stricter bands")));
        request(tenant, new Narrowing(YearMonth.of(2026, 10), Set.of("ACC-00001")));
        assertEquals("full: the health model changed", runPending(tenant));
        assertEquals(String.valueOf(version), data.single(tenant, "select model_version from tenant_snapshot"));
        Map<String, List<String>> afterModel = figures(tenant);
        assertFullGives(tenant, afterModel, "after the model change");
    }

    @Test
    void narrowedRequestsMergeAndAnUnnarrowedOneWidensThemToEverything() {
        String tenant = tenants.create("incr-merge");
        request(tenant, new Narrowing(YearMonth.of(2026, 5), Set.of("A", "B")));
        request(tenant, new Narrowing(YearMonth.of(2026, 3), Set.of("B", "C")));
        assertEquals("2026-03-01|{A,B,C}", pending(tenant), "the earliest month, the union of the accounts");
        Narrowing claimed = TenantContext.call(tenant, () -> queue.claim(tenant).orElseThrow()).narrowing();
        assertEquals(new Narrowing(YearMonth.of(2026, 3), Set.of("A", "B", "C")), claimed);

        request(tenant, new Narrowing(YearMonth.of(2026, 7), Set.of("D")));
        request(tenant, null);
        assertEquals("everything", pending(tenant), "an un-narrowed request widens the pending one");
        request(tenant, new Narrowing(YearMonth.of(2026, 8), Set.of("E")));
        assertEquals("everything", pending(tenant), "and it stays wide");
    }

    @Test
    void aFailedRunWidensTheRequestWaitingBehindIt() {
        String tenant = tenants.create("incr-fail");
        request(tenant, null);
        RecalculationQueue.Claim claim = TenantContext.call(tenant, () -> queue.claim(tenant).orElseThrow());
        request(tenant, new Narrowing(YearMonth.of(2026, 7), Set.of("D")));
        TenantContext.run(tenant, () -> queue.fail(tenant, claim, "broken"));
        assertEquals("everything", pending(tenant), "what the failed run would have done is not lost");
    }

    // --- the comparison ---------------------------------------------------------------------------------

    private void compareAfterRandomChanges(String tenant, Random random) {
        compareAfterRandomChanges(tenant, random, false, false);
    }

    private void compareAfterRandomChanges(String tenant, Random random, boolean monthFactsOnly) {
        compareAfterRandomChanges(tenant, random, monthFactsOnly, false);
    }

    /**
     * Three rounds of random changes: two incremental runs in a row, then full; then one more. With
     * {@code monthFactsOnly}, no attribute, opportunity or account changes: each run reuses the book
     * figures of the months before its change. With {@code mostAccounts}, three in four accounts change
     * (the run then reads every account and keeps the changed ones).
     */
    private void compareAfterRandomChanges(String tenant, Random random, boolean monthFactsOnly,
            boolean mostAccounts) {
        for (int round = 0; round < 3; round++) {
            Narrowing narrowing = change(tenant, random, round == 2, monthFactsOnly, mostAccounts);
            request(tenant, narrowing);
            String scope = runPending(tenant);
            assertTrue(scope.startsWith("incremental"), scope);
            assertTrue(!monthFactsOnly || scope.contains("earlier months reused"), scope);
            if (round == 0) {
                continue; // the next round builds on this incremental run
            }
            assertFullGives(tenant, figures(tenant), tenant + " round " + round + " " + narrowing);
        }
    }

    private void assertFullGives(String tenant, Map<String, List<String>> incremental, String what) {
        recalculations.assertFullGives(tenant, incremental, what);
    }

    private Map<String, List<String>> figures(String tenant) {
        return recalculations.figures(tenant);
    }

    private List<String> rows(String tenant, String sql) {
        return recalculations.rows(tenant, sql);
    }

    // --- random changes ---------------------------------------------------------------------------------

    /**
     * Changes a few random accounts from a random month on, straight in the tables, and answers the
     * narrowing that describes it. With {@code newMonth}, some accounts also get MRR in the month after
     * the last one. With {@code monthFactsOnly}, only rows dated in the changed months: no new account,
     * no opportunity, no attribute. With {@code mostAccounts}, three in four accounts change instead of 2 to 6.
     */
    private Narrowing change(String tenant, Random random, boolean newMonth, boolean monthFactsOnly,
            boolean mostAccounts) {
        List<String> months = rows(tenant, "select distinct to_char(month, 'YYYY-MM') from mrr order by 1");
        List<String> accounts = rows(tenant, "select account_id from account order by account_id");
        YearMonth first = YearMonth.parse(months.get(0));
        YearMonth last = YearMonth.parse(months.get(months.size() - 1));
        // the first month too, as an attribute's, an opportunity's or a new account's change starts in use (unless
        // only month facts change: then the run reuses months before its change, and there must be one)
        YearMonth from = newMonth ? last.plusMonths(1)
                : monthFactsOnly ? first.plusMonths(1 + random.nextInt(months.size() - 1))
                : first.plusMonths(random.nextInt(months.size()));
        YearMonth end = newMonth ? last.plusMonths(1) : last;
        Set<String> changed = new LinkedHashSet<>();
        int count = mostAccounts ? accounts.size() * 3 / 4 : 2 + random.nextInt(5);
        while (changed.size() < count) {
            changed.add(accounts.get(random.nextInt(accounts.size())));
        }
        List<String> sql = new ArrayList<>();
        if (!monthFactsOnly && (random.nextBoolean() || newMonth)) {
            String id = "NEW-" + Long.toHexString(random.nextLong() & 0xffffff);
            sql.add(String.format("insert into account (tenant_id, account_id, name, segment, csm_email,"
                    + " customer_since, licensed_seats) values ('%s', '%s', 'New one', 'SMB', null, '%s', 10)",
                    tenant, id, from.atDay(3)));
            changed.add(id);
        }
        int d = 0;
        for (String account : changed) {
            d++;
            for (YearMonth m = from; !m.isAfter(end); m = m.plusMonths(1)) {
                int choice = random.nextInt(4);
                String month = m.atDay(1).toString();
                if (choice == 0) {
                    sql.add(String.format("delete from mrr where tenant_id = '%s' and account_id = '%s'"
                            + " and month = '%s'", tenant, account, month));
                } else {
                    sql.add(String.format("insert into mrr values ('%s', '%s', '%s', %d) on conflict (tenant_id,"
                            + " account_id, month) do update set mrr = excluded.mrr", tenant, account, month,
                            100 + random.nextInt(5000)));
                }
                for (int k = 0; k < 6; k++) {
                    LocalDate day = m.atDay(1 + random.nextInt(m.lengthOfMonth()));
                    sql.add(String.format("insert into product_usage values ('%s', '%s', '%s', 'u%d', '%s', %d)"
                            + " on conflict (tenant_id, account_id, day, user_id, feature) do update"
                            + " set events = excluded.events", tenant, account, day, random.nextInt(8),
                            random.nextInt(10) == 0 ? "brand-new-feature" : "reports", random.nextInt(30)));
                }
            }
            sql.add(String.format("delete from product_usage where tenant_id = '%s' and account_id = '%s'"
                    + " and day >= '%s' and abs(hashtext(user_id || day::text)) %% 3 = %d", tenant, account,
                    from.atDay(1), random.nextInt(3)));
            LocalDate answered = from.atDay(1).plusDays(random.nextInt(20));
            sql.add(String.format("insert into survey_response values ('%s', 'R-%s-%d-%d', '%s', '%s', 'NPS', %d,"
                    + " null)",
                    tenant, from, d, random.nextInt(1_000_000), account, answered, random.nextInt(11)));
            sql.add(String.format("insert into survey_response values ('%s', 'C-%s-%d-%d', '%s', '%s', 'CSAT', %d,"
                    + " null)",
                    tenant, from, d, random.nextInt(1_000_000), account, answered.plusDays(3), 1 + random.nextInt(5)));
            LocalDate opened = from.atDay(1).plusDays(random.nextInt(10));
            sql.add(String.format("insert into ticket values ('%s', 'T-%s-%d-%d', '%s', '%sT09:00:00Z', %s, %s, 'high',"
                    + " %s)", tenant, from, d, random.nextInt(1_000_000), account, opened,
                    random.nextBoolean() ? "'" + opened + "T11:00:00Z'" : "null",
                    random.nextBoolean() ? "'" + opened.plusDays(5) + "T10:00:00Z'" : "null",
                    random.nextBoolean()));
            // an old ticket still open when the change starts is resolved in it
            sql.add(String.format("update ticket set resolved_at = '%sT08:00:00Z' where tenant_id = '%s'"
                    + " and ticket_id = (select ticket_id from ticket where tenant_id = '%s' and account_id = '%s'"
                    + " and opened_at < '%s' and resolved_at is null order by ticket_id limit 1)",
                    from.atDay(2), tenant, tenant, account, from.atDay(1)));
            sql.add(String.format("insert into activity values ('%s', 'A-%s-%d-%d', '%s', '%s', '%s', null)", tenant,
                    from, d, random.nextInt(1_000_000), account, from.atDay(1).plusDays(random.nextInt(25)),
                    random.nextBoolean() ? "QBR" : "call"));
            sql.add(String.format("delete from activity where tenant_id = '%s' and account_id = '%s'"
                    + " and occurred_at >= '%s' and abs(hashtext(activity_id)) %% 2 = 0", tenant, account,
                    from.atDay(1)));
            // opportunities are no month's facts: a renewal closed long before the change is fine
            if (!monthFactsOnly) {
                sql.add(String.format("insert into opportunity values ('%s', 'O-%s-%d-%d', '%s', '%s', %d, '%s', '%s')",
                        tenant, from, d, random.nextInt(1_000_000), account,
                        random.nextBoolean() ? "renewal" : "expansion", 500 + random.nextInt(5000),
                        random.nextBoolean() ? "won" : random.nextBoolean() ? "lost" : "open", first.plusMonths(2)
                                .atDay(10)));
            }
            if (random.nextInt(3) == 0 && !monthFactsOnly) {
                sql.add(String.format("update account set segment = '%s', csm_email = %s, licensed_seats = %d,"
                        + " industry = 'Retail', plan = 'Gold' where tenant_id = '%s' and account_id = '%s'",
                        random.nextBoolean() ? "Enterprise" : "SMB",
                        random.nextBoolean() ? "'new.csm@x.example'" : "null",
                        5 + random.nextInt(50), tenant, account));
            }
            if (random.nextInt(3) == 0 && !monthFactsOnly) {
                // the dates: tenure and cohorts (customer_since), renewals and their alert, time to first value
                sql.add(String.format("update account set customer_since = customer_since + %d, renewal_date = %s,"
                        + " first_value_date = %s where tenant_id = '%s' and account_id = '%s'",
                        random.nextInt(121) - 60, random.nextBoolean() ? "null" : "date '" + from.plusMonths(
                                random.nextInt(14)).atDay(15) + "'",
                        random.nextBoolean() ? "null" : "customer_since + " + (5 + random.nextInt(120)), tenant,
                        account));
            }
        }
        execute(tenant, sql.toArray(String[]::new));
        return new Narrowing(from, changed);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    /** A new tenant with the public sample imported and recalculated in full. */
    private String sampleRecalculated(String name) {
        String tenant = tenants.create(name);
        upload(tenant, ImportClient.sampleFiles());
        assertEquals("full: requested", runPending(tenant));
        return tenant;
    }

    private YearMonth lastMonth(String tenant) {
        return YearMonth.from(LocalDate.parse(data.single(tenant, "select max(month) from mrr")));
    }

    private void execute(String tenant, String... sql) {
        recalculations.execute(tenant, sql);
    }

    private void request(String tenant, Narrowing narrowing) {
        recalculations.request(tenant, narrowing);
    }

    private void requestEverything(String tenant) {
        recalculations.requestEverything(tenant);
    }

    private String runPending(String tenant) {
        return recalculations.runPending(tenant);
    }

    private String pending(String tenant) {
        return recalculations.pending(tenant);
    }

    private static void upload(String tenant, Path... files) {
        ImportClient.upload(FakeKeycloak.accessToken("ada", tenant, "admin"), files).then().statusCode(201);
    }

    private static Path[] files(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".csv")).sorted().toArray(Path[]::new);
        }
    }

    /** Splits a CSV: rows with {@code column} before {@code month} go to {@code before}, others to {@code after}. */
    private static void split(Path csv, String column, String month, Path before, Path after) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int index = List.of(lines.get(0).split(",")).indexOf(column);
        List<String> early = new ArrayList<>(List.of(lines.get(0)));
        List<String> late = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            (line.split(",")[index].compareTo(month) < 0 ? early : late).add(line);
        }
        Files.write(before.resolve(csv.getFileName()), early);
        Files.write(after.resolve(csv.getFileName()), late);
    }
}
