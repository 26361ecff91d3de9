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
        String staged = ValueType.TIMESTAMP.parse(timestamp.strip());
        try {
            return Instant.parse(staged);
        } catch (DateTimeParseException e) {
            // a year past 9999 once moved to UTC: outside the bounds, which say so
            bounds.check(staged, false, timestamp.strip());
            throw new InvalidValue("is not a real point in time");
        }
    }

    /** The UTC date of {@code instant}, within the dates a timestamp of an import may have. */
    public LocalDate utcDate(Instant instant) {
        LocalDate date = instant.atOffset(ZoneOffset.UTC).toLocalDate();
        bounds.check(date.toString(), false, null); // its day may have moved: by the offset, by sentAt
        return date;
    }
}
