package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The outbox's retry schedule and the digests' periods, without the container. */
class OutboxBackoffTest {

    @Test
    void theWaitDoublesAfterEachFailedAttemptUpToTheCap() {
        Duration base = Duration.ofSeconds(30);
        Duration cap = Duration.ofHours(1);
        assertEquals(Duration.ofSeconds(30), OutboxWorker.delay(base, cap, 1));
        assertEquals(Duration.ofSeconds(60), OutboxWorker.delay(base, cap, 2));
        assertEquals(Duration.ofSeconds(120), OutboxWorker.delay(base, cap, 3));
        assertEquals(Duration.ofMinutes(32), OutboxWorker.delay(base, cap, 7));
        assertEquals(Duration.ofHours(1), OutboxWorker.delay(base, cap, 8));
        assertEquals(Duration.ofHours(1), OutboxWorker.delay(base, cap, 60));
    }

    @Test
    void dailyDigestsAreDueOncePerDayAndWeeklyOncePerIsoWeek() {
        LocalDate monday = LocalDate.of(2026, 11, 30);
        assertEquals(true, DigestFrequency.DAILY.dueOn(monday, null));
        assertEquals(true, DigestFrequency.DAILY.dueOn(monday, monday.minusDays(1)));
        assertEquals(false, DigestFrequency.DAILY.dueOn(monday, monday));
        assertEquals(true, DigestFrequency.WEEKLY.dueOn(monday, monday.minusDays(1)), "Sunday was last week");
        assertEquals(false, DigestFrequency.WEEKLY.dueOn(monday.plusDays(6), monday), "same week, Sunday");
        assertEquals(true, DigestFrequency.WEEKLY.dueOn(monday.plusDays(7), monday));
        assertEquals(false, DigestFrequency.OFF.dueOn(monday, null));
    }
}
