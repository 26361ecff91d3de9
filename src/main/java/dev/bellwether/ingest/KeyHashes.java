package dev.bellwether.ingest;

import java.util.List;
import java.util.Objects;

/**
 * The 64-bit hashes of a file's upsert keys, gathered while it streams in, to know without asking
 * the database that no key repeats: two equal keys have equal hashes, so a file whose hashes are all
 * different repeats no key. A shared hash (a repeated key, or, rarely, two keys that hash alike) only
 * says "maybe", and the database then looks for repeats as before. Grouping 2.5 M staged usage keys
 * in PostgreSQL took 3.5 s; this costs a hash and a probe per row while the file is read (0.2 s for
 * 2.5 M keys, warm).
 *
 * <p>The keys' values are compared as the reader hands them over, which is their stored form: text
 * compared bytewise (the key columns are {@code COLLATE "C"}), dates and months in one canonical shape.
 * The table holds at most {@link #MAX_KEYS} keys (32 MB of hashes); a larger file gives up, and
 * {@link #distinct} answers false.
 */
final class KeyHashes {

    /** The most keys followed: a table of 2^22 hashes, at most three quarters full. */
    static final int MAX_KEYS = 3 << 20;
    private static final int MAX_CAPACITY = 1 << 22;

    private final int[] columns;
    private long[] table = new long[1 << 12];
    private int size;
    private boolean shared;
    private boolean overflowed;

    /** Follows the columns {@code key} (SQL names) of rows in the order of {@code columns}. */
    KeyHashes(List<Column> columns, List<String> key) {
        this.columns = key.stream().mapToInt(k -> indexOf(columns, k)).toArray();
    }

    private static int indexOf(List<Column> columns, String sqlName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).sqlName().equals(sqlName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No column " + sqlName);
    }

    /** Adds a row's key. */
    void add(String[] values) {
        if (shared || overflowed) {
            return;
        }
        if (size == MAX_KEYS) {
            overflowed = true;
            table = null;
            return;
        }
        if ((size + 1) * 4L > table.length * 3L) {
            grow();
        }
        if (!insert(table, hash(values))) {
            shared = true;
            table = null;
        } else {
            size++;
        }
    }

    /** Whether every key added so far hashes differently: then no key repeats. */
    boolean distinct() {
        return !shared && !overflowed;
    }

    /**
     * The key's columns' own hashes ({@link String#hashCode}, computed once per value by the JIT's fast
     * loop) folded into 64 bits, in column order: 0.2 s for 2.5 M usage keys, against 0.55 s for an FNV-1a
     * hash of every character. Two values whose 32-bit hashes collide make two keys alike only when their
     * other columns are equal as well: a rare fallback, never a wrong answer.
     */
    private long hash(String[] values) {
        long h = 0;
        for (int column : columns) {
            h = (h + Objects.hashCode(values[column])) * 0x9e3779b97f4a7c15L;
        }
        // the finalizer of MurmurHash3: every input bit moves every output bit
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    /** Puts {@code hash} into {@code into} (open addressing); false when it is there already. */
    private static boolean insert(long[] into, long hash) {
        int mask = into.length - 1;
        for (int i = (int) hash & mask;; i = (i + 1) & mask) {
            if (into[i] == 0) {
                into[i] = hash;
                return true;
            }
            if (into[i] == hash) {
                return false;
            }
        }
    }

    private void grow() {
        if (table.length == MAX_CAPACITY) {
            throw new IllegalStateException("The key table is full below its limit");
        }
        long[] bigger = new long[table.length * 2];
        for (long hash : table) {
            if (hash != 0) {
                insert(bigger, hash);
            }
        }
        table = bigger;
    }
}
