package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The public readiness probe checks at most once a second: each check takes a database connection from the pool
 * users' requests take theirs from, and anyone on the network may probe.
 */
class PublicReadinessTest {

    @Test
    void anAnswerServesTheProbesOfTheNextSecondThenTheDatabaseIsAskedAgain() {
        AtomicInteger checks = new AtomicInteger();
        AtomicLong now = new AtomicLong(5_000_000_000L);
        PublicReadiness.Latest latest = new PublicReadiness.Latest(
                () -> new PublicReadiness.Answer(checks.incrementAndGet() == 1 ? 200 : 503, "check " + checks.get(), 0),
                now::get);
        for (int probe = 0; probe < 100; probe++) {
            assertEquals(200, latest.get().status());
        }
        assertEquals(1, checks.get(), "one check for a hundred probes within the second");
        now.addAndGet(PublicReadiness.FRESH_NANOS - 1);
        assertEquals("check 1", latest.get().body());
        now.addAndGet(1);
        PublicReadiness.Answer later = latest.get();
        assertEquals(503, later.status(), "a second on, the database is asked again, and is down");
        assertEquals(2, checks.get());
    }
}
