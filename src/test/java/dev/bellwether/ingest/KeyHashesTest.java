package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyHashesTest {

    /** Usage rows: account, user, day, feature, events; the key is all but the events. */
    private static KeyHashes usage() {
        return new KeyHashes(ImportKind.USAGE.columns(), ImportKind.USAGE.key());
    }

    private static String[] row(String account, String user, String day, String feature, String events) {
        return new String[] { account, user, day, feature, events };
    }

    @Test
    void aMillionDifferentKeysAreDistinctAndTheirValuesDoNotCount() {
        KeyHashes keys = usage();
        for (int i = 0; i < 1_000_000; i++) {
            keys.add(row("ACC-" + i % 10_000, "u" + i / 10_000, "2026-10-01", "api", Integer.toString(i)));
        }
        keys.add(row("ACC-1", "u1", "2026-10-02", "api", "1")); // another day
        keys.add(row("ACC-1", "u1", "2026-10-01", "API", "1")); // another feature: bytewise, case counts
        assertTrue(keys.distinct());
    }

    @Test
    void aRepeatedKeyIsNotDistinctWhateverItsValues() {
        KeyHashes keys = usage();
        keys.add(row("ACC-1", "u1", "2026-10-01", "api", "3"));
        keys.add(row("ACC-2", "u1", "2026-10-01", "api", "3"));
        assertTrue(keys.distinct());
        keys.add(row("ACC-1", "u1", "2026-10-01", "api", "7"));
        assertFalse(keys.distinct());
        keys.add(row("ACC-3", "u1", "2026-10-01", "api", "3"));
        assertFalse(keys.distinct(), "once shared, always");
    }

    @Test
    void theKeysColumnsAreKeptApart() {
        KeyHashes keys = usage();
        keys.add(row("ACC-1", "u12", "2026-10-01", "api", "1"));
        keys.add(row("ACC-1u", "12", "2026-10-01", "api", "1"));
        keys.add(row("ACC-1", "u1", "2026-10-01", "2api", "1"));
        assertTrue(keys.distinct());
    }

    @Test
    void moreKeysThanItFollowsAreNeverCalledDistinct() {
        KeyHashes keys = usage();
        for (int i = 0; i < KeyHashes.MAX_KEYS; i++) {
            keys.add(row("ACC", Integer.toString(i), "2026-10-01", "api", "1"));
        }
        assertTrue(keys.distinct(), "at the limit");
        keys.add(row("ACC", "one more", "2026-10-01", "api", "1"));
        assertFalse(keys.distinct());
    }
}
