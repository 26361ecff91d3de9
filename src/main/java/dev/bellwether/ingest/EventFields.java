package dev.bellwether.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.bellwether.ingest.ValueType.InvalidValue;
import dev.bellwether.platform.Text;

/**
 * The import's cell rules for values that arrive another way (the data feeds' events): a value is
 * checked exactly like the cell of the same column in a CSV file of that kind, dates within the same
 * bounds, and answered in the form the import stages it.
 */
public final class EventFields {

    private final DateBounds bounds;

    private EventFields(DateBounds bounds) {
        this.bounds = bounds;
    }

    /** The rules as they stand on {@code today} (UTC): dates up to the end of this month, and so on. */
    public static EventFields on(LocalDate today) {
        return new EventFields(DateBounds.on(today));
    }

    /**
     * The staged value of {@code value} (already a string, trimmed or not) in column {@code column} of
     * {@code kind}; null for an absent optional value without a default.
     *
     * @throws InvalidValue with the reason, completing "value '…' …"
     * @throws IllegalArgumentException when the kind has no such column (a programming error)
     */
    public String read(ImportKind kind, String column, String value) {
        Column rule = kind.columns().stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kind.id() + " has no column " + column));
        // trimmed as a CSV cell is: an export of fed rows imports with the same ids and values
        String cell = value == null ? "" : Text.trimmed(value);
        if (cell.indexOf(CsvImportReader.UNDECODABLE) >= 0) {
            // the import's mark of bytes that are not UTF-8: an export holding it could not be imported again
            throw new InvalidValue("holds U+FDD0, a character Bellwether does not take (it marks bytes that are"
                    + " not UTF-8 in a file)");
        }
        String staged = rule.read(cell);
        if (staged != null && rule.dated()) {
            bounds.check(staged, rule.ahead(), cell);
        }
        return staged;
    }

    /**
     * A timestamp as the import reads one (ISO-8601, UTC when no offset), as an instant; not yet held
     * to the bounds ({@link #utcDate}).
     */
    public Instant instant(String timestamp) {
        // trimmed as a CSV cell is (control characters too, not only what strip() takes)
        String written = Text.trimmed(timestamp);
        String staged = ValueType.TIMESTAMP.parse(written);
        try {
            return Instant.parse(staged);
        } catch (DateTimeParseException e) {
            // a year past 9999 once moved to UTC: outside the bounds, which say so
            bounds.check(staged, false, written);
            throw new InvalidValue("is not a real point in time");
        }
    }

    /**
     * The UTC date of {@code instant}, within the dates a timestamp of an import may have; {@code written} is the
     * timestamp it was read from as sent, or null when it was worked out (from sentAt, or the day it arrived): a
     * refusal then names the UTC date, as it does when the offset moved the day.
     */
    public LocalDate utcDate(Instant instant, String written) {
        LocalDate date = instant.atOffset(ZoneOffset.UTC).toLocalDate();
        bounds.check(date.toString(), false, written == null ? null : Text.trimmed(written));
        return date;
    }
}
