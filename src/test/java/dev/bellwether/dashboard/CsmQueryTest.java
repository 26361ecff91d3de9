package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;

import org.junit.jupiter.api.Test;

/** The work list's query as read from the address. */
class CsmQueryTest {

    private static CsmQuery read(String segment, String by, String key) {
        return CsmQuery.of(new CsmQuery.Params("all", null, null, segment, null, null, null, null, null, null, by,
                key, null, null), false, YearMonth.of(2026, 11));
    }

    /** A segment is 1–64 characters as imported: 64 emoji are 64 of them, and still filter the list. */
    @Test
    void aSegmentAndASliceKeyAreMeasuredInCharacters() {
        String rockets = "🚀".repeat(64);
        CsmQuery query = read(rockets, "segment", rockets);
        assertEquals(rockets, query.segment());
        assertEquals(rockets, query.sliceKey());
        // one more cannot be any account's segment: dropped, as the list's other impossible values are
        assertNull(read(rockets + "🚀", null, null).segment());
        // nor is a blank one (it filtered on a space, and listed no account)
        assertNull(read(" ", null, null).segment());
    }

    /** The table's caption says the order in words, not the address's key ("-mrr"). */
    @Test
    void theSortIsSaidInWords() {
        java.util.Map<String, String> said = new java.util.LinkedHashMap<>();
        for (String sort : java.util.List.of("health", "-health", "mrr", "-mrr", "name", "-name", "renewal",
                "-renewal")) {
            said.put(sort, CsmQuery.of(new CsmQuery.Params("all", null, null, null, null, null, null, null, sort, null,
                    null, null, null, null), false, YearMonth.of(2026, 11)).sortLabel());
        }
        assertEquals(java.util.Map.of("health", "health, lowest first", "-health", "health, highest first",
                "mrr", "MRR, smallest first", "-mrr", "MRR, largest first", "name", "name, A to Z",
                "-name", "name, Z to A", "renewal", "renewal date, soonest first",
                "-renewal", "renewal date, latest first"), said);
    }

    /** A long search is cut at 100 characters, never inside an emoji (half of one would search for "?"). */
    @Test
    void aLongSearchIsCutBetweenCharacters() {
        String q = "a".repeat(99) + "😀😀";
        CsmQuery query = CsmQuery.of(new CsmQuery.Params("all", q, null, null, null, null, null, null, null, null,
                null, null, null, null), false, YearMonth.of(2026, 11));
        assertEquals("a".repeat(99) + "😀", query.q());
    }

    /** A page past the end is the last page, even one past the range of an int. */
    @Test
    void aPageNumberOfAnySizeIsAPageNumber() {
        for (String page : java.util.List.of("2147483647", "2147483648", "99999999999")) {
            assertEquals(Integer.MAX_VALUE, CsmQuery.of(new CsmQuery.Params("all", null, null, null, null, null, null,
                    null, null, page, null, null, null, null), false, YearMonth.of(2026, 11)).page(), page);
        }
        assertEquals(1, CsmQuery.of(new CsmQuery.Params("all", null, null, null, null, null, null, null, null, "x",
                null, null, null, null), false, YearMonth.of(2026, 11)).page());
    }
}
