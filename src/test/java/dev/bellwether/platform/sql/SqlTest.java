package dev.bellwether.platform.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.alerts.AlertStatus;
import io.quarkus.test.junit.QuarkusTest;

/** The typed SQL helper against the real database: binds, rows by column name, nulls, errors. */
@QuarkusTest
class SqlTest {

    @Inject
    Database database;

    record Typed(String text, int number, Integer missing, LocalDate day, Instant at, boolean yes, Long[] lines,
            UUID id, AlertStatus status) {
    }

    @Test
    void rowsAreReadByColumnNameWithTypedGetters() {
        UUID id = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        Typed row = database.one("""
                select ? as text, 7 as number, null::int as missing, date '2025-02-28' as day,
                       timestamptz '2025-03-01 10:00:00Z' as at, true as yes, array[3, 5]::bigint[] as lines,
                       ?::uuid as id, ? as status""",
                r -> new Typed(r.string("text"), r.integer("number"), r.nullableInt("missing"), r.localDate("day"),
                        r.instant("at"), r.bool("yes"), r.longArray("lines"), r.uuid("id"),
                        r.word("status", AlertStatus.class)),
                "Strategic", id, AlertStatus.SNOOZED);
        assertEquals("Strategic", row.text());
        assertEquals(7, row.number());
        assertNull(row.missing());
        assertEquals(LocalDate.of(2025, 2, 28), row.day());
        assertEquals(Instant.parse("2025-03-01T10:00:00Z"), row.at());
        assertTrue(row.yes());
        assertArrayEquals(new Long[] { 3L, 5L }, row.lines());
        assertEquals(id, row.id());
        assertEquals(AlertStatus.SNOOZED, row.status());
    }

    @Test
    void nullsBindAndReadAsNullAndAPrimitiveGetterRefusesThem() {
        assertEquals("none", database.one("select coalesce(?, 'none') as value", r -> r.string("value"),
                (Object) null));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> database.one("select null::int as n", r -> r.integer("n")));
        assertEquals("Column n is null", refused.getMessage());
    }

    @Test
    void queryListsEveryRowAndFirstIsEmptyWithoutOne() {
        List<Integer> numbers = database.query("select n from generate_series(1, ?) n order by n",
                r -> r.integer("n"), 4);
        assertEquals(List.of(1, 2, 3, 4), numbers);
        assertEquals(List.of("a", "c"), database.query("select * from unnest(?::text[]) as t(v) where v <> 'b'",
                r -> r.string("v"), (Object) new String[] { "a", "b", "c" }));
        Optional<Integer> none = database.first("select 1 as n where false", r -> r.integer("n"));
        assertFalse(none.isPresent());
    }

    @Test
    void aDatabaseErrorIsOneUncheckedExceptionWithItsState() {
        SqlException error = assertThrows(SqlException.class,
                () -> database.one("select 1 / 0 as n", r -> r.integer("n")));
        assertEquals("22012", error.sqlState());
        SqlException unknown = assertThrows(SqlException.class,
                () -> database.one("select 1 as n", r -> r.integer("no_such_column")));
        assertTrue(unknown.getMessage().startsWith("Could not read column no_such_column"), unknown.getMessage());
    }
}
