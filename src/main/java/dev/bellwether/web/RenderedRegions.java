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
        String token = session.getToken();
        if (key == null || token.isEmpty()) { // no token to mark (no session): nothing kept that others would get
            return new RawString(region.get().render());
        }
        Kept kept = PageCache.get(cache, key, () -> {
            String text = region.get().render();
            return text.contains(token) ? new Kept(text.replace(token, tokenMark), true) : new Kept(text, false);
        });
        return new RawString(kept.marked() ? kept.text().replace(tokenMark, token) : kept.text());
    }

    /** A region's text as kept; {@code marked}: it holds the mark in place of a token (most regions have no form). */
    private record Kept(String text, boolean marked) {
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
