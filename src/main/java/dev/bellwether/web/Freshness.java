package dev.bellwether.web;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.bellwether.metrics.Snapshots;
import dev.bellwether.tenant.CurrentUser;

/**
 * How fresh the figures on a page are: when the latest recalculation computed them, and whether
 * one is running now. Templates reach it as {@code inject:freshness}; the layout shows it on every
 * page and polls it, so panels reload when a recalculation finishes.
 */
@RequestScoped
@Named("freshness")
public class Freshness {

    @Inject
    Snapshots snapshots;

    @Inject
    CurrentUser user;

    private Optional<Snapshots.Status> status;
    private Optional<Snapshots.Recalculation> latest;

    private Optional<Snapshots.Status> status() {
        if (status == null) {
            status = user.tenant().isEmpty() ? Optional.empty() : snapshots.status();
        }
        return status;
    }

    private Optional<Snapshots.Recalculation> latest() {
        if (latest == null) {
            latest = user.tenant().isEmpty() ? Optional.empty() : snapshots.latestRecalculation();
        }
        return latest;
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
