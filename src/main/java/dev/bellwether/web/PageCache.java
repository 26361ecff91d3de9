package dev.bellwether.web;

import java.util.function.Supplier;

import io.quarkus.cache.Cache;

/**
 * Reads through a Quarkus cache whose keys hold the tenant and the version of the data the value
 * was built from (usually {@link dev.bellwether.metrics.Snapshots#version()}): a page built from
 * snapshots is rebuilt only when that data changed (a recalculation, an import, an alert action),
 * never after a time, and one tenant's value can never answer another's request. Values of older
 * versions are never asked for again and leave as the cache's size bound (application.properties,
 * {@code quarkus.cache.caffeine."name".maximum-size}) makes room. Requests for a key being built
 * wait for that build instead of building it again.
 */
public final class PageCache {

    private PageCache() {
    }

    /** The value cached under {@code key}, else {@code build}'s (built on this thread, kept for next time). */
    @SuppressWarnings("unchecked")
    public static <V> V get(Cache cache, Object key, Supplier<V> build) {
        return (V) cache.get(key, k -> build.get()).await().indefinitely();
    }
}
