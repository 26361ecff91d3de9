package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class DigestRunsTest {

    private static final String MORNING = "0 0 7 * * ?";

    @Test
    void todaysRunIsNextUntilItHasRun() {
        assertEquals(LocalDate.parse("2026-12-08"), DigestRuns.nextDay(MORNING, Instant.parse("2026-12-08T06:59:59Z")));
        assertEquals(LocalDate.parse("2026-12-09"), DigestRuns.nextDay(MORNING, Instant.parse("2026-12-08T07:00:00Z")));
        assertEquals(LocalDate.parse("2026-12-09"), DigestRuns.nextDay(MORNING, Instant.parse("2026-12-08T10:00:00Z")));
        assertEquals(LocalDate.parse("2027-01-01"), DigestRuns.nextDay(MORNING, Instant.parse("2026-12-31T23:30:00Z")));
    }

    /** A schedule switched off (digests only when an admin runs them) has no next run: a switch-on counts today. */
    @Test
    void aScheduleSwitchedOffHasNoNextRun() {
        for (String off : new String[] { "off", "Disabled", " OFF ", "" }) {
            assertEquals(LocalDate.parse("2026-12-08"), DigestRuns.nextDay(off, Instant.parse("2026-12-08T10:00:00Z")),
                    off);
        }
    }

    @Test
    void aDeploymentsOwnScheduleIsReadAsTheSchedulerReadsIt() {
        // weekdays at 05:30 UTC: a Saturday afternoon's next run is Monday's
        assertEquals(LocalDate.parse("2026-12-07"),
                DigestRuns.nextDay("0 30 5 ? * MON-FRI", Instant.parse("2026-12-05T15:00:00Z")));
        // a run every six hours: the evening's is still today
        assertEquals(LocalDate.parse("2026-12-05"),
                DigestRuns.nextDay("0 0 */6 * * ?", Instant.parse("2026-12-05T13:00:00Z")));
    }
}
