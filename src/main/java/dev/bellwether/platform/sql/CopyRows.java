package dev.bellwether.platform.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in {@code COPY}'s text format, encoded in memory, on any thread, for a {@code COPY … FROM
 * STDIN} that runs later on the connection's own thread ({@link #copy}). {@link CopyStream} is the
 * streaming form, for rows that come faster than they could be held.
 */
public final class CopyRows {

    private byte[] buffer = new byte[1 << 12];
    private int length;
    private int rows;

    /**
     * Adds a row: each value as text, a {@code null} as SQL null, a {@link Boolean} as {@code t} or
     * {@code f}, anything else as its {@code toString()} (a {@code double} as Java writes it, which
     * PostgreSQL reads back as the same value).
     */
    public CopyRows add(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put("\t");
            }
            Object value = values[i];
            if (value == null) {
                put("\\N");
            } else if (value instanceof Boolean b) {
                put(b ? "t" : "f");
            } else {
                String text = value.toString();
                room(text.length() * 3); // UTF-8 takes at most 3 bytes per char, an escape 2
                length = CopyStream.encode(text, buffer, length);
            }
        }
        put("\n");
        rows++;
        return this;
    }

    /** How many rows were added. */
    public int rows() {
        return rows;
    }

    /** The rows as {@code COPY} reads them: UTF-8 text, a line per row. */
    public byte[] bytes() {
        return Arrays.copyOf(buffer, length);
    }

    /** Runs {@code copySql} ({@code COPY … FROM STDIN}) with the rows; answers how many it copied. */
    public long copy(Connection connection, String copySql) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(buffer, 0, length);
            return copy.endCopy();
        } catch (SQLException e) {
            cancel(copy); // the connection must be free for the rollback
            throw e;
        }
    }

    private static void cancel(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            // the transaction is being rolled back anyway
        }
    }

    private void put(String ascii) {
        room(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buffer[length++] = (byte) ascii.charAt(i);
        }
    }

    private void room(int bytes) {
        if (length + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes));
        }
    }
}
