package dev.bellwether.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import org.jboss.logging.Logger;

/**
 * Reports a running import's progress to its row at most twice a second, and times its phases for the log.
 * The progress is for show: a report the database refuses (a connection not to be had, say) is logged and
 * the import goes on without reporting, never failing, and never taken for a problem of the file being read.
 */
final class ImportProgress {

    private static final Logger LOG = Logger.getLogger(ImportProgress.class);
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

    private final ImportHistory history;
    private final ImportRequest request;
    private final long totalBytes;
    private final StringBuilder timings = new StringBuilder();
    private long readBytes;
    private String phase = "Starting";
    private long lastReport;
    private long phaseStarted = System.nanoTime();
    private boolean reporting = true;

    ImportProgress(ImportHistory history, ImportRequest request, long totalBytes) {
        this.history = history;
        this.request = request;
        this.totalBytes = totalBytes;
    }

    /** Starts a phase; {@code percent} -1 while reading (the share of bytes read stands for it). */
    void phase(String name, int percent) {
        lap();
        phase = name;
        report(percent, true);
    }

    /** How long each phase took, for the log: "Reading usage.csv 8.1 s, …". */
    String timings() {
        lap();
        return timings.toString();
    }

    private void lap() {
        long now = System.nanoTime();
        if (!phase.equals("Starting")) {
            timings.append(timings.isEmpty() ? "" : ", ").append(phase).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f s", (now - phaseStarted) / 1e9));
        }
        phaseStarted = now;
    }

    /** {@code in}, counting the bytes read towards the progress. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    readBytes += n;
                    report(-1, false);
                }
                return n;
            }
        };
    }

    private void report(int percent, boolean force) {
        long now = System.nanoTime();
        if (!reporting || !force && now - lastReport < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        lastReport = now;
        int value = percent >= 0 ? percent
                : totalBytes > 0 ? (int) Math.min(80, readBytes * 80 / totalBytes) : 0;
        try {
            history.progress(request.id(), phase, value);
        } catch (RuntimeException e) {
            reporting = false;
            LOG.warnf(e, "Import %s goes on without showing its progress: the progress could not be saved",
                    request.id());
        }
    }
}
