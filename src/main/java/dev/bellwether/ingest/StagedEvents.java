package dev.bellwether.ingest;

import java.sql.Connection;

/**
 * The data feed's events staged for the tenant and not yet applied (feeds). An import applies them
 * first, in its own transaction and under its lock, so that its rows, written after, replace what the
 * events added, as a later import replaces any row; applied after the import, they would be added on
 * top of rows the import had just set.
 */
public interface StagedEvents {

    /**
     * Applies the current tenant's staged events on {@code connection}, adding what they change to
     * {@code scope}; answers how many there were.
     */
    int applyFirst(Connection connection, ChangedScope scope);
}
