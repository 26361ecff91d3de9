package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Import problems grouped for the page: counts per file, column and kind, examples, allowed values, hints. */
class ProblemGroupsTest {

    @Test
    void problemsOfOneKindInOneColumnAreOneGroupWhateverTheirValues() {
        ProblemGroups groups = new ProblemGroups();
        for (int line = 2; line < 12; line++) {
            groups.add(ImportError.ofCell("mrr.csv", line, "account_id", "ACC-" + line, "'ACC-" + line
                    + "' is not a known account: it is neither in accounts.csv of this import nor among your"
                    + " accounts."), 1);
        }
        groups.add(ImportError.ofCell("mrr.csv", 12, "mrr", "1.234,50", "'1.234,50' is not a plain amount."), 1);
        groups.add(ImportError.ofCell("mrr.csv", 13, "month", "10/2026", "'10/2026' is not a month (YYYY-MM)."), 1);
        groups.count(ImportError.ofCell("mrr.csv", 14, "month", "9/2026", "'9/2026' is not a month (YYYY-MM)."), 4);

        List<ProblemGroups.Group> found = groups.groups();
        assertEquals(3, found.size());
        ProblemGroups.Group amount = found.get(0);
        assertEquals("mrr", amount.column());
        assertEquals(1, amount.count());
        assertEquals("The value is not a plain amount.", amount.problem());
        assertEquals("'1.234,50' is written with a comma for decimals and points or spaces between thousands. Write"
                + " amounts with a decimal point and no thousands separator: 1234.50.", amount.hint());
        assertEquals("an amount of 0 or more with a point for decimals and no thousands separator, e.g. 1234.50; "
                + "required", amount.allowed());
        ProblemGroups.Group month = found.get(1);
        assertEquals(5, month.count(), "one found, four more counted elsewhere");
        assertEquals(1, month.examples().size());
        assertEquals("'10/2026' is not in the YYYY-MM form; e.g. 10/2026 is written 2026-10.", month.hint());
        ProblemGroups.Group accounts = found.get(2);
        assertTrue(accounts.unknownAccounts(), "unknown accounts last: they follow from the rest");
        assertEquals(10, accounts.count());
        assertEquals("rows", accounts.rows());
        assertEquals(List.of(2L, 3L, 4L), accounts.examples().stream().map(ImportError::line).toList());
        assertEquals("These rows name accounts that do not exist: upload accounts.csv first, or in the same upload.",
                accounts.problem());
    }

    @Test
    void ticketsResolvedBeforeTheyOpenedAreOneGroupAndKindsPastTheCapShareOneLastGroup() {
        ProblemGroups groups = new ProblemGroups();
        for (int line = 2; line < 2_002; line++) {
            String resolved = "2024-12-31T22:00:" + (line % 60 < 10 ? "0" : "") + line % 60 + "Z";
            groups.add(ImportError.ofCell("tickets.csv", line, "resolved_at", resolved, "'" + resolved + "' "
                    + ImportKind.TICKETS.checkRow(new String[] { "T" + line, "A1", "2025-01-01T00:00:00Z", null,
                            resolved, "normal", null }).get(0).message() + "."), 1);
        }
        assertEquals(1, groups.groups().size(), "a row's own opened_at is not part of the kind");
        assertEquals(2_000, groups.groups().get(0).count());
        for (int kind = 0; kind < 500; kind++) {
            // kinds told apart by letters: problems differing only in a number are one kind (below)
            String word = "" + (char) ('a' + kind % 26) + (char) ('a' + kind / 26);
            groups.add(ImportError.ofCell("accounts.csv", 2 + kind, "name", "x", "Kind " + word + "."), 1);
        }
        List<ProblemGroups.Group> found = groups.groups();
        assertEquals(ProblemGroups.MAX_GROUPS, found.size());
        ProblemGroups.Group others = found.get(found.size() - 1);
        assertEquals(ProblemGroups.OTHER_KINDS, others.problem());
        assertEquals(500 - (ProblemGroups.MAX_GROUPS - 2), others.count(), "every problem is still counted");
        assertNull(others.file());
    }

    @Test
    void aSemicolonHeaderIsRecognisedAndEnumeratedColumnsListTheirValues() {
        List<ProblemGroups.Group> found = ProblemGroups.of(List.of(
                ImportError.ofCell("accounts.csv", 1, "account_id;name", "account_id;name", "Unknown column."),
                ImportError.ofCell("opportunities.csv", 2, "stage", "closed",
                        "'closed' is not one of open, won, lost.")));
        assertTrue(found.get(0).hint().startsWith("This file seems to separate its values with semicolons (;)."));
        assertNull(found.get(0).allowed(), "not a column of accounts.csv");
        assertEquals("one of open, won, lost; required", found.get(1).allowed());
        assertNull(found.get(1).hint());
        assertEquals("row", found.get(1).rows());
    }

    /** A hint names a fix the column takes: a count is not told to write 1.5, a date column not to write 2026-03. */
    @Test
    void aHintFitsItsColumn() {
        List<ProblemGroups.Group> found = ProblemGroups.of(List.of(
                ImportError.ofCell("usage.csv", 2, "events", "1,5", "'1,5' is not a whole number."),
                ImportError.ofCell("accounts.csv", 2, "customer_since", "03/2026", "'03/2026' is not a date."),
                ImportError.ofCell("mrr.csv", 2, "month", "01/03/2026", "'01/03/2026' is not a month."),
                ImportError.ofCell("mrr.csv", 3, "mrr", "12,5", "'12,5' is not a plain amount."),
                ImportError.ofCell("accounts.csv", 3, "name", "1,5", "'1,5' is odd.")));
        assertEquals("'1,5' has a comma. Write a whole number with no separator, e.g. 1500.", found.get(0).hint());
        assertNull(found.get(1).hint(), "a month's fix (2026-03) is refused in a date column");
        assertNull(found.get(2).hint(), "a date's fix (YYYY-MM-DD) is refused in a month column");
        assertEquals("'12,5' is written with a comma for decimals. Write amounts with a decimal point and no thousands"
                + " separator: 12.5.", found.get(3).hint());
        assertNull(found.get(4).hint(), "text may hold commas");
    }

    @Test
    void theKindOfAProblemLeavesOutTheValueItQuotes() {
        assertEquals("is not a real calendar date.",
                ProblemGroups.kind("'2026-02-30' is not a real calendar date.", "2026-02-30"));
        assertEquals("A value is required here.", ProblemGroups.kind("A value is required here.", ""));
        // a value holding "' " itself: the cell's own echo is left out, not the text up to its first "' "
        assertEquals("is not a date: expected YYYY-MM-DD, e.g. 2026-03-01.", ProblemGroups.kind(
                "'O' Brien' is not a date: expected YYYY-MM-DD, e.g. 2026-03-01.", "O' Brien"));
        assertEquals("is not a real calendar date.", ProblemGroups.kind("'x' is not a real calendar date.", null));
    }

    /**
     * A repeated key names the line it repeats, an over-long cell its length: problems that differ only in such a
     * number are one kind (each was a group of its own, and after 99 of them every other problem, the unknown
     * accounts' too, fell into "other kinds"); the numbers that differ read "N", the ones they share stay.
     */
    @Test
    void problemsDifferingOnlyInANumberAreOneKind() {
        ProblemGroups groups = new ProblemGroups();
        for (int line = 1_002; line < 2_002; line++) {
            groups.add(ImportError.ofCell("accounts.csv", line, "account_id", "ACC-" + line, "Same account_id as line "
                    + (line - 1_000) + ": each key may appear only once in a file"), 1);
        }
        groups.count(ImportError.ofCell("accounts.csv", 2_002, "account_id", "ACC-2", "Same account_id as line 2:"
                + " each key may appear only once in a file"), 3_000);
        groups.add(ImportError.ofCell("surveys.csv", 2, "comment", "x", "is 600 characters long; text cells are at"
                + " most 512"), 1);
        groups.add(ImportError.ofCell("surveys.csv", 3, "comment", "y", "is 700 characters long; text cells are at"
                + " most 512"), 1);
        groups.add(ImportError.ofCell("mrr.csv", 2, "account_id", "ACC-9", "'ACC-9' is not a known account: it is"
                + " neither in accounts.csv of this import nor among your accounts."), 1);
        List<ProblemGroups.Group> found = groups.groups();
        assertEquals(3, found.size(), found.toString());
        assertEquals(4_000, found.get(0).count());
        assertEquals("Same account_id as line N: each key may appear only once in a file", found.get(0).problem());
        assertEquals(2, found.get(1).count());
        assertEquals("is N characters long; text cells are at most 512", found.get(1).problem());
        assertTrue(found.get(2).unknownAccounts(), "still a group of its own");
    }
}
