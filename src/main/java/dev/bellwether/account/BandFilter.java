package dev.bellwether.account;

import java.util.Optional;

import dev.bellwether.health.Band;

/** What a list's band filter may ask for: one of the bands, or {@code none} (accounts without a band). */
public enum BandFilter {
    HEALTHY(Band.HEALTHY), NEEDS_ATTENTION(Band.NEEDS_ATTENTION), AT_RISK(Band.AT_RISK), NONE(null);

    private final Band band;

    BandFilter(Band band) {
        this.band = band;
    }

    /** The band, or empty for {@link #NONE}. */
    public Optional<Band> band() {
        return Optional.ofNullable(band);
    }

    /** The word in URLs and the API: the band's key, or {@code none}. */
    public String word() {
        return band == null ? "none" : band.key();
    }

    /**
     * The filter named {@code word}; empty when it names none. {@code null} is {@link #NONE} too: the contract
     * writes an account without a band as {@code band: null}, and a client may ask for those by that word.
     */
    public static Optional<BandFilter> of(String word) {
        if ("null".equals(word)) {
            return Optional.of(NONE);
        }
        for (BandFilter filter : values()) {
            if (filter.word().equals(word)) {
                return Optional.of(filter);
            }
        }
        return Optional.empty();
    }
}
