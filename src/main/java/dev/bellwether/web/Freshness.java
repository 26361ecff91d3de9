package dev.bellwether.web;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.tenant.AdmissionCompanion;
import dev.bellwether.tenant.CurrentUser;

/**
 * How fresh the figures on a page are: when the latest recalculation computed them, and whether
 * one is running now. Templates reach it as {@code inject:freshness}; the layout shows it on every
 * page and polls it, so panels reload when a recalculation finishes.
 *
 * <p>A page's request (any {@code GET} outside the API) reads it with its tenant's admission, in the statement that
 * reads the tenant's row ({@link AdmissionCompanion}): one round trip to PostgreSQL fewer on every page, which is
 * what pages pay most for while other work keeps the machine busy (docs/benchmarks.md). Any other request reads it
 * when first asked.
 */
@RequestScoped
@Named("freshness")
public class Freshness implements AdmissionCompanion {

    @Inject
    Snapshots snapshots;

    @Inject
    CurrentUser user;

    private Snapshots.Freshness read;

    @Override
    public boolean wanted(String method, String path) {
        return "GET".equals(method) && !path.startsWith("/api/");
    }

    @Override
    public String select() {
        return Snapshots.FRESHNESS;
    }

    @Override
    public void read(Row row) {
        read = Snapshots.freshness(row);
    }

    /** The three, read once per request in one statement (the layout asks for each several times). */
    private Snapshots.Freshness read() {
        if (read == null) {
            read = user.tenant().isEmpty()
                    ? new Snapshots.Freshness(Optional.empty(), Optional.empty(), Optional.empty())
                    : snapshots.freshness();
        }
        return read;
    }

    /** The figures' status as this request first read it (the page and its badge show the same). */
    public Optional<Snapshots.Status> status() {
        return read().status();
    }

    /**
     * The version of what the pages show ({@code Snapshots.version()}) as this request first read it, with the status:
     * for a page kept per version, read before its data (a change committed in between then files the new data under
     * the old version, which no later request asks for, never the old data under the new one).
     */
    public Optional<String> version() {
        return read().version();
    }

    private Optional<Snapshots.Recalculation> latest() {
        return read().latest();
    }

    /** When the figures were computed, as epoch milliseconds (0: never). */
    public long getStamp() {
        return status().map(s -> s.computedAt().toEpochMilli()).orElse(0L);
    }

    public String getComputedAt() {
        return status().map(s -> Formats.when(s.computedAt())).orElse(null);
    }

    public boolean isRecalculating() {
        return latest().map(r -> r.status().equals("pending") || r.status().equals("running")).orElse(false);
    }

    public int getProgress() {
        return latest().map(Snapshots.Recalculation::progress).orElse(0);
    }

    public boolean isFailed() {
        return latest().map(r -> r.status().equals("failed")).orElse(false);
    }

    public String getError() {
        return latest().map(Snapshots.Recalculation::error).orElse(null);
    }

    Instant computedAt() {
        return status().map(Snapshots.Status::computedAt).orElse(null);
    }
}
