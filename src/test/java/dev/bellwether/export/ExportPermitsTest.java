package dev.bellwether.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import jakarta.ws.rs.ClientErrorException;

import org.junit.jupiter.api.Test;

/**
 * An export's permit: one per tenant, a bounded number of all, and only one whose download never began lapses;
 * a download streaming for hours keeps its place (the limits once stopped holding after two hours of one).
 */
class ExportPermitsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void aDownloadStillStreamingKeepsItsPlaceAndOneNeverBegunLapses() {
        TenantExport exports = new TenantExport();
        exports.maxRunning = 2;
        TenantExport.Permit slow = exports.admit("acme", T0);
        slow.streaming = true;
        exports.admit("globex", T0); // its client went away before the first byte
        Instant later = T0.plus(Duration.ofHours(3));
        assertEquals(409, assertThrows(ClientErrorException.class, () -> exports.admit("acme", later))
                .getResponse().getStatus(), "acme's download still streams");
        exports.admit("initech", later); // globex's place lapsed; acme's is still taken
        assertEquals(429, assertThrows(ClientErrorException.class, () -> exports.admit("globex", later))
                .getResponse().getStatus());
    }
}
