package dev.bellwether.notify;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

import dev.bellwether.platform.sql.StoredWord;

/** How often a user gets the email digest: never, once a day, or once a week (ISO weeks, from Monday). */
public enum DigestFrequency implements StoredWord {
    OFF, DAILY, WEEKLY;

    /** Whether a digest is due {@code today} when the last one was queued on {@code last} (null: never). */
    public boolean dueOn(LocalDate today, LocalDate last) {
        return switch (this) {
            case OFF -> false;
            case DAILY -> last == null || last.isBefore(today);
            case WEEKLY -> last == null
                    || last.isBefore(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        };
    }

    /** The first day a digest sent {@code today} covers when there was no earlier one. */
    public LocalDate defaultStart(LocalDate today) {
        return this == WEEKLY ? today.minusDays(7) : today.minusDays(1);
    }

    @Override
    public String toString() {
        return word();
    }
}
