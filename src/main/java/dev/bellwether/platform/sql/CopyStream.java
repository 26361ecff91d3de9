package dev.bellwether.platform.sql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One {@code COPY … FROM STDIN} in PostgreSQL's text format, fed row by row. Values are escaped and
 * encoded as UTF-8 straight into one byte buffer that goes to the driver as it fills: millions of
 * rows pass here, and a {@code Writer} chain (lock, char buffer, charset encoder) cost a quarter of
 * an import's reading time.
 */
public final class CopyStream implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final CopyIn copy;
    private byte[] buffer = new byte[BUFFER];
    private int length;
    private boolean finished;

    public CopyStream(Connection connection, String copySql) {
        try {
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        } catch (SQLException e) {
            throw new SqlException("Could not start " + copySql, e);
        }
    }

    /** Writes one row: {@code first}, then {@code values} (null for SQL null), then {@code last} when not null. */
    public void row(String first, String[] values, String last) throws IOException {
        put(first);
        for (String value : values) {
            put('\t');
            if (value == null) {
                put('\\');
                put('N');
            } else {
                put(value);
            }
        }
        if (last != null) {
            put('\t');
            put(last);
        }
        put('\n');
    }

    /** Ends the COPY; the database reports any row it refused (e.g. a duplicate key) here at the latest. */
    public void finish() throws IOException {
        finished = true;
        flush();
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw new IOException("The database refused the copied rows", e);
        }
    }

    private void put(char c) throws IOException {
        if (length == buffer.length) {
            flush();
        }
        buffer[length++] = (byte) c;
    }

    private void put(String value) throws IOException {
        int worst = value.length() * 3; // UTF-8 takes at most 3 bytes per char, an escape 2
        if (length + worst > buffer.length) {
            flush();
            if (worst > buffer.length) {
                buffer = Arrays.copyOf(buffer, worst);
            }
        }
        length = encode(value, buffer, length);
    }

    private void flush() throws IOException {
        if (length > 0) {
            try {
                copy.writeToCopy(buffer, 0, length);
            } catch (SQLException e) {
                throw new IOException("The database refused the copied rows", e);
            }
            length = 0;
        }
    }

    /**
     * Writes {@code value} into {@code into} from {@code at} in COPY's text format, as UTF-8 with
     * backslash, tab, newline and carriage return escaped; answers the position after it. The caller
     * leaves room for three bytes per char.
     */
    public static int encode(String value, byte[] into, int at) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> at = escaped('\\', into, at);
                    case '\t' -> at = escaped('t', into, at);
                    case '\n' -> at = escaped('n', into, at);
                    case '\r' -> at = escaped('r', into, at);
                    default -> into[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                into[at++] = (byte) (0xC0 | c >> 6);
                into[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int point = Character.toCodePoint(c, value.charAt(++i));
                into[at++] = (byte) (0xF0 | point >> 18);
                into[at++] = (byte) (0x80 | point >> 12 & 0x3F);
                into[at++] = (byte) (0x80 | point >> 6 & 0x3F);
                into[at++] = (byte) (0x80 | point & 0x3F);
            } else if (Character.isSurrogate(c)) {
                into[at++] = '?'; // half a pair is no character: written as Java's own encoder would
            } else {
                into[at++] = (byte) (0xE0 | c >> 12);
                into[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                into[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return at;
    }

    private static int escaped(char c, byte[] into, int at) {
        into[at] = '\\';
        into[at + 1] = (byte) c;
        return at + 2;
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
