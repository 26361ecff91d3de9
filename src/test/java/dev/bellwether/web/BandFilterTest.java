package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.Band;

/** Band parameters parse into a band or "none" (no score); anything else is not a band. */
class BandFilterTest {

    @Test
    void everyBandKeyAndNoneParseAndWriteBackTheSame() {
        for (Band band : Band.values()) {
            assertEquals(band, BandFilter.parse(band.key()).orElseThrow().band());
            assertEquals(band.key(), BandFilter.parse(band.key()).orElseThrow().key());
        }
        assertEquals(null, BandFilter.parse("none").orElseThrow().band());
        assertEquals("none", BandFilter.parse("none").orElseThrow().key());
    }

    @Test
    void anythingElseIsNoFilter() {
        assertTrue(BandFilter.parse("red").isEmpty());
        assertTrue(BandFilter.parse("AT_RISK").isEmpty());
        assertTrue(BandFilter.parse(null).isEmpty());
    }
}
