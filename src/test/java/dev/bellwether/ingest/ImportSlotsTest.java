package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** One import of a tenant at a time, a bounded number of all tenants, each waited for a while, then refused. */
class ImportSlotsTest {

    @Test
    void aSecondImportOfATenantWaitsForTheFirstThenIsRefusedAsBusy() throws Exception {
        ImportSlots slots = new ImportSlots(4, Duration.ofMillis(300));
        ImportSlots.Slot first = slots.take("acme");
        ImportBusyException busy = assertThrows(ImportBusyException.class, () -> slots.take("acme"));
        assertEquals(409, busy.status());
        slots.take("globex").close(); // another tenant is not held up

        // the first ends while the second waits: the second goes on
        CompletableFuture<ImportSlots.Slot> second = CompletableFuture.supplyAsync(() -> slots.take("acme"));
        Thread.sleep(100);
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        slots.take("acme").close();
    }

    @Test
    void pastTheInstancesLimitAnImportIsAskedToComeBackAndHoldsNoTurnOfItsTenant() throws Exception {
        ImportSlots slots = new ImportSlots(2, Duration.ofMillis(200));
        ImportSlots.Slot a = slots.take("a");
        ImportSlots.Slot b = slots.take("b");
        ImportBusyException full = assertThrows(ImportBusyException.class, () -> slots.take("c"));
        assertEquals(429, full.status());
        assertTrue(full.getMessage().contains("in a minute"), full.getMessage());
        b.close();
        ImportSlots.Slot c = slots.take("c"); // c's turn was given back with the refusal
        assertEquals(429, assertThrows(ImportBusyException.class, () -> slots.take("d")).status());
        a.close();
        c.close();
        slots.take("a").close();
        assertThrows(IllegalArgumentException.class, () -> new ImportSlots(0, Duration.ZERO));
    }
}
