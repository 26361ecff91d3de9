package dev.bellwether.feeds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The shape of an ingest key's secret: what is not of it is no key, answered before any database call. */
class IngestKeySignerTest {

    private final IngestKeySigner signer = new IngestKeySigner("a-secret-of-the-test-of-at-least-32-characters");

    @Test
    void everyNewSecretIsWellFormed() {
        for (int i = 0; i < 1000; i++) {
            String secret = signer.newSecret();
            assertTrue(IngestKeySigner.wellFormed(secret), secret);
        }
    }

    @Test
    void anythingElseIsNot() {
        String body = "A".repeat(42);
        for (String secret : Arrays.asList(null, "", "bwk_", "bwk_" + body, "bwk_" + body + "AB", "BWK_" + body + "A",
                "bwk_" + body + "=", "bwk_" + body + "+", "bwk_" + body + "/", "bwk_" + body + " ", "xyz_" + body + "A",
                "bwk_" + body + "é")) {
            assertFalse(IngestKeySigner.wellFormed(secret), String.valueOf(secret));
        }
        assertTrue(IngestKeySigner.wellFormed("bwk_" + body + "-"));
        assertTrue(IngestKeySigner.wellFormed("bwk_" + body + "_"));
    }
}
