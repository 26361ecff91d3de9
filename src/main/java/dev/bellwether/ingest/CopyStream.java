package dev.bellwether.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/** One {@code COPY … FROM STDIN} in PostgreSQL's text format, fed row by row. */
final class CopyStream implements AutoCloseable {

    private final CopyIn copy;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private boolean finished;

    CopyStream(Connection connection, String copySql) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        this.out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(copy, 1 << 16), StandardCharsets.UTF_8),
                1 << 16);
    }

    /** Writes one row: {@code first}, then {@code values} (null for SQL null), then {@code last} when not null. */
    void row(String first, String[] values, String last) throws IOException {
        line.setLength(0);
        escape(first, line);
        for (String value : values) {
            line.append('\t');
            if (value == null) {
                line.append("\\N");
            } else {
                escape(value, line);
            }
        }
        if (last != null) {
            line.append('\t').append(last);
        }
        line.append('\n');
        out.append(line);
    }

    /** Ends the COPY; the database reports any row it refused (e.g. a duplicate key) here at the latest. */
    void finish() throws IOException {
        finished = true;
        out.close();
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped. */
    static void escape(String value, StringBuilder into) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> into.append("\\\\");
                case '\t' -> into.append("\\t");
                case '\n' -> into.append("\\n");
                case '\r' -> into.append("\\r");
                default -> into.append(c);
            }
        }
    }

    /** Abandons an unfinished COPY so the connection can roll back. */
    @Override
    public void close() {
        if (!finished) {
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException e) {
                // the transaction is being rolled back anyway
            }
        }
    }
}
