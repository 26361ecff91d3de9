package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import de.siegmar.fastcsv.reader.NamedCsvRecord;

/**
 * The usage a run keeps of its last 60 days ({@link AccountFacts#usageTail}) stands in for reading
 * them again: facts built from the kept days and the rows dated after them equal, from the changed
 * month on, those of a read of every row (the sample's usage, with no database).
 */
class UsageTailTest {

    private record Row(String account, int day, String user, String feature, long events) {
    }

    private static final List<Row> ROWS = SampleFacts.read("usage.csv").stream()
            .map(r -> new Row(r.getField("account_id"), (int) LocalDate.parse(r.getField("date")).toEpochDay(),
                    r.getField("user_id"), r.getField("feature").isEmpty() ? "(none)" : r.getField("feature"),
                    Long.parseLong(r.getField("events"))))
            .sorted(Comparator.comparing(Row::account).thenComparing(Row::day)).toList();
    private static final List<String> ACCOUNTS = SampleFacts.read("accounts.csv").stream()
            .map(r -> r.getField("account_id")).toList();
    private static final List<YearMonth> MONTHS = SampleFacts.read("mrr.csv").stream()
            .map((NamedCsvRecord r) -> YearMonth.parse(r.getField("month"))).sorted().toList();
    private static final YearMonth FIRST = MONTHS.get(0);
    private static final YearMonth LAST = MONTHS.get(MONTHS.size() - 1);

    @Test
    void aNewMonthReadAloneGivesTheFactsOfEveryRowRead() {
        Months before = new Months(FIRST, LAST.minusMonths(1));
        Months now = new Months(FIRST, LAST);
        int previousEnd = before.lastDay(before.count() - 1);
        TenantFacts previous = build(before, ROWS, row -> row.day() <= previousEnd, null, 0, 0);
        int last = now.count() - 1;
        TenantFacts part = build(now, ROWS, row -> row.day() > previousEnd, previous, now.lastDay(last) - 60,
                previousEnd);
        TenantFacts whole = build(now, ROWS, row -> true, null, 0, 0);

        assertSameFrom(last, whole, part);
        // some accounts used the product in the carried days and not in the new month: finished all the same
        long carriedOnly = ACCOUNTS.stream().filter(id -> tail(previous, id) != null
                && ROWS.stream().noneMatch(r -> r.account().equals(id) && r.day() > previousEnd)).count();
        assertTrue(carriedOnly > 0, "the sample has accounts with usage only before the new month");
    }

    @Test
    void aChangedLastMonthIsReadFromItsFirstDayOnTopOfTheDaysBefore() {
        Months months = new Months(FIRST, LAST);
        int last = months.count() - 1;
        TenantFacts previous = build(months, ROWS, row -> true, null, 0, 0);
        // the last month's rows changed: events doubled, one more user on the month's first day
        List<Row> changed = new ArrayList<>();
        for (Row r : ROWS) {
            changed.add(r.day() >= months.firstDay(last) ? new Row(r.account(), r.day(), r.user(), r.feature(),
                    r.events() * 2) : r);
        }
        changed.add(new Row(ACCOUNTS.get(0), months.firstDay(last), "someone-new", "exports", 3));
        changed.sort(Comparator.comparing(Row::account).thenComparing(Row::day));
        TenantFacts part = build(months, changed, row -> row.day() >= months.firstDay(last), previous,
                months.lastDay(last) - 60, months.firstDay(last) - 1);
        TenantFacts whole = build(months, changed, row -> true, null, 0, 0);

        assertSameFrom(last, whole, part);
    }

    @Test
    void theKeptRowsCountTheTenantsFeaturesOfTheLastMonthAsEveryRowDoes() {
        Months months = new Months(FIRST, LAST);
        int last = months.count() - 1;
        int end = months.lastDay(last);
        Predicate<Row> inWindow = r -> r.day() > end - 30 && r.day() <= end && r.events() > 0;
        // the feature fewest rows of the last month's window name
        String rarest = ROWS.stream().filter(inWindow).collect(java.util.stream.Collectors.groupingBy(Row::feature,
                java.util.stream.Collectors.counting())).entrySet().stream().min(Map.Entry.comparingByValue())
                .orElseThrow().getKey();
        List<Row> withNew = new ArrayList<>(ROWS);
        withNew.add(new Row(ACCOUNTS.get(1), end, "someone", "brand-new-feature", 2));
        withNew.sort(Comparator.comparing(Row::account).thenComparing(Row::day));
        List<Row> withoutRarest = ROWS.stream().filter(r -> !(inWindow.test(r) && r.feature().equals(rarest)))
                .toList();

        int before = build(months, ROWS, row -> true, null, 0, 0).tenantFeatures()[last];
        for (List<Row> rows : List.of(ROWS, withNew, withoutRarest)) {
            TenantFacts whole = build(months, rows, row -> true, null, 0, 0);
            assertEquals(whole.tenantFeatures()[last], UsageTail.distinctFeatures(whole.accounts(), end - 30, end));
        }
        assertEquals(before + 1, build(months, withNew, row -> true, null, 0, 0).tenantFeatures()[last]);
        assertEquals(before - 1, build(months, withoutRarest, row -> true, null, 0, 0).tenantFeatures()[last]);
    }

    private static void assertSameFrom(int from, TenantFacts whole, TenantFacts part) {
        Map<String, AccountFacts> parts = new HashMap<>();
        part.accounts().forEach(a -> parts.put(a.id, a));
        int withUsage = 0;
        for (AccountFacts w : whole.accounts()) {
            AccountFacts p = parts.get(w.id);
            for (int i = from; i < w.mau.length; i++) {
                String at = w.id + " at month " + i;
                assertEquals(w.mau[i], p.mau[i], "MAU of " + at);
                assertEquals(w.activeUserDays[i], p.activeUserDays[i], "active user-days of " + at);
                assertEquals(w.events30[i], p.events30[i], "events of " + at);
                assertEquals(w.eventsPrior30[i], p.eventsPrior30[i], "prior events of " + at);
                assertEquals(w.features30[i], p.features30[i], "features of " + at);
            }
            // what the next run would carry is complete too
            assertEquals(w.usageTail == null ? 0 : w.usageTail.size(), p.usageTail == null ? 0 : p.usageTail.size(),
                    "rows kept of " + w.id);
            withUsage += w.eventsPrior30[w.mau.length - 1] > 0 ? 1 : 0;
        }
        assertTrue(withUsage > 10, "the comparison covers accounts with usage in both 30-day windows");
        int[] expected = whole.tenantFeatures();
        int[] actual = part.tenantFeatures();
        for (int i = from; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], "tenant features at month " + i);
        }
    }

    private static UsageTail tail(TenantFacts facts, String id) {
        return facts.accounts().stream().filter(a -> a.id.equals(id)).findFirst().orElseThrow().usageTail;
    }

    private static TenantFacts build(Months months, List<Row> rows, Predicate<Row> read, TenantFacts carriedFrom,
            int after, int upTo) {
        FactsBuilder builder = new FactsBuilder(months);
        ACCOUNTS.forEach(id -> builder.account(id, id, "Unsegmented", null, null, null, null, null));
        if (carriedFrom != null) {
            builder.usageCarried(carriedFrom.accounts(), after, upTo);
        }
        rows.stream().filter(read).forEach(r -> builder.usage(r.account(), r.day(), r.user(), r.feature(), r.events()));
        return builder.build();
    }
}
