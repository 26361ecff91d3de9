package dev.bellwether.feeds;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the data feeds (docs/feeds.md). */
@ConfigMapping(prefix = "bellwether.feeds")
public interface FeedConfig {

    /**
     * A tenant's staged events are applied, and a recalculation requested, at most once per this many
     * seconds while events keep coming.
     */
    @WithDefault("30")
    int coalesceSeconds();

    /**
     * The most track calls one round applies for a tenant (its group calls are all applied: the track calls
     * need their accounts). A larger backlog is applied over the next rounds, one per poll, so one tenant's
     * backlog neither holds up the other tenants' events nor outlasts the round's transaction.
     */
    @WithDefault("100000")
    int roundLimit();

    /** How often the coalescing job looks for tenants with staged events. */
    @WithDefault("5s")
    Duration poll();

    /** How long applied events are kept, so that a retry with the same messageId still counts once. */
    @WithDefault("24h")
    Duration dedupWindow();

    /** The secret ingest keys are hashed with (by default the session secret). */
    String keySecret();
}
