package dev.bellwether.ingest;

/**
 * What {@link StagingTable#compare} found comparing the staged rows with the tenant's stored rows.
 *
 * @param staged    the rows staged
 * @param identical the stored rows that a staged row repeats exactly (same key, same values)
 * @param differing the staged rows that are new or change their stored row (then in the diff table)
 * @param repeats   whether the file repeats a key (the import is then refused)
 */
record StagedComparison(long staged, long identical, long differing, boolean repeats) {

    /** Whether the file holds exactly what is stored for its keys already. */
    boolean unchanged() {
        return differing == 0 && !repeats;
    }
}
