package dev.bellwether.web;

import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

/**
 * Regions of a page rendered once and then reused: the account list, the alerts panel and the tiles of
 * the CSM page, the executive dashboard. Rendering, not reading, is most of a cached page's cost (about
 * three fifths of its CPU, measured with Flight Recorder; docs/benchmarks.md), and a region whose
 * template reads only what its key names renders to the same text every time.
 *
 * <p>The caller's key must therefore name everything the region's template reads: the tenant and the
 * version of the data (as the page caches' keys do), the URL's state, the viewer's role, the currency,
 * today. A region must not read the session but for the CSRF token of its forms (so they post without
 * htmx too): the text kept holds a mark in the token's place, and each answer gets its viewer's own.
 */
@ApplicationScoped
public class RenderedRegions {

    @Inject
    @CacheName("rendered-regions")
    Cache cache;

    @Inject
    SessionToken session;

    /** What stands for the viewer's CSRF token in a kept region: random per start, so no data can hold it. */
    private final String tokenMark = "bw-token-" + UUID.randomUUID();

    /**
     * The text of {@code region}, rendered on this thread the first time {@code key} is asked for; a
     * null key means the region may not be reused (its data is not a cached version, or it says the
     * outcome of an action), and it is rendered afresh.
     */
    public RawString of(Object key, Supplier<TemplateInstance> region) {
        if (key == null) {
            return new RawString(region.get().render());
        }
        String token = session.getToken();
        String kept = PageCache.get(cache, key,
                () -> token.isEmpty() ? region.get().render() : region.get().render().replace(token, tokenMark));
        return new RawString(kept.replace(tokenMark, token));
    }

    /**
     * A part of a key compared by identity: a view the page caches hand out, the same instance for the same
     * data. Comparing big view records by value would cost about what rendering them does.
     */
    public record Same(Object value) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Same same && same.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }
}
