package dev.bellwether.platform.sql;

/** Turns the current row into a value; a null value is left out of {@link Sql#query}'s list. */
@FunctionalInterface
public interface RowMapper<T> {

    T map(Row row);
}
