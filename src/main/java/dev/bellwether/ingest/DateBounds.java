package dev.bellwether.ingest;

import java.time.LocalDate;

/**
 * The dates an import accepts, fixed for the whole import: from 1900-01-01 to the last day of the
 * current UTC month, and for renewal and close dates up to ten years past that. A single row from
 * 2099 must never move the tenant's reporting month, and year 0000 (which PostgreSQL cannot store)
 * must be the file's problem, with its line and column, not ours.
 *
 * <p>Millions of cells are checked: the bounds are kept as {@code YYYY-MM-DD} text and compared
 * character by character with the staged cell, whose first ten characters are its UTC date.
 */
public final class DateBounds {

    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final int YEARS_AHEAD = 10;

    private final LocalDate earliest;
    private final LocalDate latest;
    private final LocalDate latestAhead;
    private final String earliestText;
    private final String latestText;
    private final String latestAheadText;

    /**
     * @param earliest    the first date any column accepts
     * @param latest      the last date of a column about the past or present (the end of this month)
     * @param latestAhead the last renewal or close date (ten years after {@code latest})
     */
    DateBounds(LocalDate earliest, LocalDate latest, LocalDate latestAhead) {
        this.earliest = earliest;
        this.latest = latest;
        this.latestAhead = latestAhead;
        this.earliestText = earliest.toString();
        this.latestText = latest.toString();
        this.latestAheadText = latestAhead.toString();
    }

    /** The bounds of an import made on {@code today} (UTC). */
    public static DateBounds on(LocalDate today) {
        LocalDate endOfMonth = today.withDayOfMonth(today.lengthOfMonth());
        return new DateBounds(EARLIEST, endOfMonth, endOfMonth.plusYears(YEARS_AHEAD));
    }

    /**
     * Checks a staged date, month or timestamp (its first ten characters are its UTC date,
     * {@code YYYY-MM-DD}) against the bounds of a column that may, or may not, lie ahead. {@code written} is the
     * value as sent: when it is a timestamp that does not start with that UTC date (its offset moved it), or is
     * null (a date worked out from other values), the refusal names the UTC date it was held to.
     *
     * @throws ValueType.InvalidValue naming the allowed span when it lies outside
     */
    void check(String staged, boolean ahead, String written) {
        String last = ahead ? latestAheadText : latestText;
        boolean fourDigitYear = staged.length() >= 10 && Character.isDigit(staged.charAt(0));
        if (!fourDigitYear || compareDays(staged, earliestText) < 0 || compareDays(staged, last) > 0) {
            String day = staged.length() >= 10 ? staged.substring(0, 10) : staged;
            boolean moved = fourDigitYear && (written == null || written.length() > 10 && !written.startsWith(day));
            throw new ValueType.InvalidValue((moved ? "is " + day + " in UTC, " : "is ")
                    + "outside the dates accepted here: from " + earliest + " to "
                    + (ahead ? latestAhead : latest)
                    + (ahead ? " (ten years after the end of the current month)" : " (the end of the current month)"));
        }
    }

    /** Compares the {@code YYYY-MM-DD} at the start of {@code staged} with {@code bound}. */
    private static int compareDays(String staged, String bound) {
        for (int i = 0; i < 10; i++) {
            int difference = staged.charAt(i) - bound.charAt(i);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
