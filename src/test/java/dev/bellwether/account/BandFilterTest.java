package dev.bellwether.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.Band;

/** Band parameters parse into a band or "none" (no score); anything else is not a band. */
class BandFilterTest {

    @Test
    void everyBandKeyAndNoneParseAndWriteBackTheSame() {
        for (Band band : Band.values()) {
            assertEquals(band, BandFilter.of(band.key()).orElseThrow().band().orElse(null));
            assertEquals(band.key(), BandFilter.of(band.key()).orElseThrow().word());
        }
        assertEquals(null, BandFilter.of("none").orElseThrow().band().orElse(null));
        assertEquals("none", BandFilter.of("none").orElseThrow().word());
    }

    @Test
    void anythingElseIsNoFilter() {
        assertTrue(BandFilter.of("red").isEmpty());
        assertTrue(BandFilter.of("AT_RISK").isEmpty());
        assertTrue(BandFilter.of(null).isEmpty());
    }
}
