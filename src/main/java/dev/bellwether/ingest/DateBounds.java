package dev.bellwether.ingest;

import java.time.LocalDate;

/**
 * The dates an import accepts, fixed for the whole import: from 1900-01-01 to the last day of the
 * current UTC month, and for renewal and close dates up to ten years past that. A single row from
 * 2099 must never move the tenant's reporting month, and year 0000 (which PostgreSQL cannot store)
 * must be the file's problem, with its line and column, not ours.
 *
 * @param earliest    the first date any column accepts
 * @param latest      the last date of a column about the past or present (the end of this month)
 * @param latestAhead the last renewal or close date (ten years after {@code latest})
 */
public record DateBounds(LocalDate earliest, LocalDate latest, LocalDate latestAhead) {

    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final int YEARS_AHEAD = 10;

    /** The bounds of an import made on {@code today} (UTC). */
    public static DateBounds on(LocalDate today) {
        LocalDate endOfMonth = today.withDayOfMonth(today.lengthOfMonth());
        return new DateBounds(EARLIEST, endOfMonth, endOfMonth.plusYears(YEARS_AHEAD));
    }

    /**
     * Checks a staged date, month or timestamp (its first ten characters are its UTC date,
     * {@code YYYY-MM-DD}) against the bounds of a column that may, or may not, lie ahead.
     *
     * @throws ValueType.InvalidValue naming the allowed span when it lies outside
     */
    void check(String staged, boolean ahead) {
        LocalDate last = ahead ? latestAhead : latest;
        boolean fourDigitYear = staged.length() >= 10 && Character.isDigit(staged.charAt(0));
        if (!fourDigitYear || staged.compareTo(earliest.toString()) < 0
                || staged.substring(0, 10).compareTo(last.toString()) > 0) {
            throw new ValueType.InvalidValue("is outside the dates accepted here: from " + earliest + " to " + last
                    + (ahead ? " (ten years after the end of the current month)" : " (the end of the current month)"));
        }
    }
}
