package dev.bellwether.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and refuses to read past a limit, so that neither a huge
 * request body nor a zip bomb can make an import do unbounded work. For a zip entry it also
 * refuses, early, an expansion ratio that no CSV reaches.
 */
final class LimitedInputStream extends FilterInputStream {

    /** CSV exports compress 5 to 20 times; a far larger ratio is an attack or a broken archive. */
    static final int MAX_RATIO = 200;
    private static final long RATIO_GRACE_BYTES = 1 << 20;

    private final String name;
    private final long limit;
    private final long compressedBytes;
    private long count;

    LimitedInputStream(InputStream in, String name, long limit) {
        this(in, name, limit, -1);
    }

    /** For a zip entry of {@code compressedBytes} (as its archive declares; -1 when unknown). */
    LimitedInputStream(InputStream in, String name, long limit, long compressedBytes) {
        super(in);
        this.name = name;
        this.limit = limit;
        this.compressedBytes = compressedBytes;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw new ImportTooLargeException(name, limit);
        }
        if (compressedBytes >= 0 && count > RATIO_GRACE_BYTES && count > MAX_RATIO * Math.max(compressedBytes, 1)) {
            throw ImportTooLargeException.zipBomb(name, MAX_RATIO);
        }
    }
}
