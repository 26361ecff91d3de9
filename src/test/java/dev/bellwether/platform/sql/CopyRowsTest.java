package dev.bellwether.platform.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** COPY's text format: the escaping, and rows held in memory read back by PostgreSQL as they were written. */
@QuarkusTest
class CopyRowsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void escapeForCopyTextFormat() {
        assertEquals("a\\tb\\nc\\\\d\\re", copyText("a\tb\nc\\d\re"));
    }

    @Test
    void copyTextIsUtf8() {
        for (String value : List.of("Zoë Müller", "東京の顧客", "emoji \uD83D\uDE00 ok", "ünïcode\twith tab")) {
            String expected = value.replace("\t", "\\t");
            assertEquals(expected, copyText(value), value);
        }
        // half a surrogate pair is no character; Java's own encoder writes '?' for it too
        assertEquals("a?b", copyText("a\uD83Db"));
    }

    @Test
    void rowsAreTabSeparatedLinesWithNullsAndBooleansAsCopyWritesThem() {
        CopyRows rows = new CopyRows().add("ACC-1", true, 12.5, null).add("tab\there", false, -0.0, "x\\y");
        assertEquals(2, rows.rows());
        assertEquals("ACC-1\tt\t12.5\t\\N\ntab\\there\tf\t-0.0\tx\\\\y\n",
                new String(rows.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theDatabaseReadsBackExactlyWhatWasAdded() throws SQLException {
        double third = 1.0 / 3;
        double tiny = Double.MIN_VALUE;
        double large = 123456789.12345678;
        String json = "{\"why\": \"line\\nbreak, tab\\t, quote \\\" and back\\\\slash\","
                + " \"who\": \"Zoë 東京 \uD83D\uDE00\"}";
        CopyRows rows = new CopyRows();
        rows.add("a", true, third, null, json);
        rows.add("b\tc", false, tiny, "multi\nline\r\n\\N", "{}");
        rows.add("d", null, large, "", "[1, 2.5]");
        // a big row makes the buffer grow past its first size
        String wide = "é".repeat(5_000);
        rows.add("e", true, -1e300, wide, "{\"n\": null}");

        List<String> read = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Sql.execute(connection, "create temp table copied (id text, yes boolean, value float8, note text,"
                        + " doc jsonb) on commit drop");
                assertEquals(4, rows.copy(connection, "copy copied from stdin"));
                try (PreparedStatement select = connection.prepareStatement(
                        "select id, yes, value, note, doc = ?::jsonb as same_doc from copied order by id");
                        ResultSet result = bind(select, json).executeQuery()) {
                    while (result.next()) {
                        read.add(result.getString("id") + "|" + result.getObject("yes") + "|"
                                + result.getDouble("value") + "|" + result.getString("note") + "|"
                                + result.getBoolean("same_doc"));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        assertEquals(List.of("a|true|" + third + "|null|true", "b\tc|false|" + tiny + "|multi\nline\r\n\\N|false",
                "d|null|" + large + "||false", "e|true|-1.0E300|" + wide + "|false"), read);
    }

    @Test
    void aRowTheDatabaseRefusesFailsTheCopyAndLeavesTheConnectionUsable() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Sql.execute(connection, "create temp table copied (n integer) on commit drop");
                SQLException refused = assertThrows(SQLException.class,
                        () -> new CopyRows().add(1).add("two").copy(connection, "copy copied from stdin"));
                assertTrue(refused.getMessage().contains("integer"), refused.getMessage());
            } finally {
                connection.rollback();
            }
            assertEquals("ok", Sql.one(connection, "select 'ok' as ok", row -> row.string("ok")));
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, String json) throws SQLException {
        statement.setString(1, json);
        return statement;
    }

    private static String copyText(String value) {
        byte[] into = new byte[value.length() * 3];
        int end = CopyStream.encode(value, into, 0);
        return new String(into, 0, end, StandardCharsets.UTF_8);
    }
}
