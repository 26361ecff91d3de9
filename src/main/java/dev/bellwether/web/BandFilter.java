package dev.bellwether.web;

import java.util.Optional;

import dev.bellwether.health.Band;

/**
 * A band filter from a URL or an API parameter: one {@link Band}, or {@code none}, the accounts
 * without a score ({@code band} null).
 */
public record BandFilter(Band band) {

    /** The key of the "no score" choice. */
    public static final String NONE = "none";

    /** The filter {@code key} names (a band key or {@code none}); empty for anything else, null included. */
    public static Optional<BandFilter> parse(String key) {
        if (NONE.equals(key)) {
            return Optional.of(new BandFilter(null));
        }
        for (Band band : Band.values()) {
            if (band.key().equals(key)) {
                return Optional.of(new BandFilter(band));
            }
        }
        return Optional.empty();
    }

    /** The key as URLs and the account queries write it. */
    public String key() {
        return band == null ? NONE : band.key();
    }
}
