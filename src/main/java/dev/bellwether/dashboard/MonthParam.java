package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * A month in a page's address ({@code YYYY-MM}): read only from {@link #EARLIEST} to {@link #YEARS_AHEAD}
 * years after this month. Anything else, unreadable or out of that range ({@code +5874898-01} parses but
 * is no date PostgreSQL holds), reads as no month, the way the pages ignore any value they do not know.
 */
final class MonthParam {

    /** The first month a page reads, as imports accept no date before 1900 (docs/api.md). */
    static final YearMonth EARLIEST = YearMonth.of(1900, 1);
    /** How many years after this month a page still reads. */
    static final int YEARS_AHEAD = 10;

    private MonthParam() {
    }

    /** {@code text} as a month from 1900-01 to ten years after {@code thisMonth}, or null. */
    static YearMonth read(String text, YearMonth thisMonth) {
        if (text == null || text.isBlank()) {
            return null;
        }
        YearMonth month;
        try {
            month = YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
        return month.isBefore(EARLIEST) || month.isAfter(thisMonth.plusYears(YEARS_AHEAD)) ? null : month;
    }
}
