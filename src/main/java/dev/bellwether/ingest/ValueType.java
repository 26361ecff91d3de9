package dev.bellwether.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bellwether.platform.Text;

/**
 * How one kind of cell is read (docs/imports.md's value rules). {@link #parse} answers the value in a
 * form PostgreSQL's COPY text format accepts (the cell itself where it already is one), or throws
 * {@link InvalidValue} with a reason a person can act on. Absent cells never reach a type: the
 * caller handles them.
 */
public enum ValueType {

    /** An identifier: at most 128 characters. */
    ID {
        @Override
        String parse(String cell) {
            return VisibleIds.visible(atMost(cell, 128, "ids"));
        }
    },
    /**
     * A new account's id: an {@link #ID}, and not {@code .} or {@code ..}, which a browser's address would read
     * as "this folder" or "the one above": the account's page could never be opened.
     */
    ACCOUNT_ID {
        @Override
        String parse(String cell) {
            String id = ID.parse(cell);
            if (id.equals(".") || id.equals("..")) {
                throw new InvalidValue("is only dots: an account's id is part of its page's address, where '"
                        + id + "' would mean another page");
            }
            return id;
        }
    },
    /** Free text: at most 512 characters. */
    TEXT {
        @Override
        String parse(String cell) {
            return VisibleIds.notLookingEmpty(atMost(cell, 512, "text cells"));
        }
    },
    /**
     * A feature of {@code usage.csv} (and a tracked event's name): text, and at most 1,536 bytes in UTF-8, so
     * that the usage key (tenant, account, day, user, feature) fits one index entry (2,704 bytes) even with a
     * 63-character tenant id and ids of 128 four-byte characters; 512 characters of any script stay within it,
     * but not 512 emoji.
     */
    FEATURE {
        @Override
        String parse(String cell) {
            atMost(cell, 512, "text cells");
            int bytes = cell.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > FEATURE_BYTES) {
                throw new InvalidValue("is " + bytes + " bytes long in UTF-8; a feature is at most " + FEATURE_BYTES
                        + " bytes (512 characters of any script, but only 384 emoji)");
            }
            // a no-break or zero-width space alone would be a feature with a name that shows as nothing
            return VisibleIds.notLookingEmpty(cell);
        }
    },
    /** A segment, the tenant's own word: 1 to 64 characters (docs/imports.md). */
    SEGMENT {
        @Override
        String parse(String cell) {
            return VisibleIds.notLookingEmpty(atMost(cell, 64, "segments"));
        }
    },
    /**
     * An e-mail address, kept lower-case so it matches sign-in e-mails whatever the export's case. The
     * stored value must fit: lower-casing can lengthen it ('İ' becomes 'i' and a combining dot).
     */
    EMAIL {
        @Override
        String parse(String cell) {
            return VisibleIds.visibleAddress(atMost(cell.toLowerCase(Locale.ROOT), 512,
                    "e-mail addresses (in lower case, as stored)"));
        }
    },
    /** {@code YYYY-MM-DD}, a real calendar date. */
    DATE {
        @Override
        String parse(String cell) {
            parseDate(cell);
            return cell; // a real date in exactly this shape is already what COPY reads
        }
    },
    /** {@code YYYY-MM}: stored as the month's first day. */
    MONTH {
        @Override
        String parse(String cell) {
            if (cell.length() == 7 && cell.charAt(4) == '-' && digits(cell, 0, 4) >= 0) {
                int month = digits(cell, 5, 7);
                if (month >= 1 && month <= 12) {
                    return cell + "-01"; // the common case, checked by hand: a year of exports has many
                }
            }
            if (!MONTH_SHAPE.matcher(cell).matches()) {
                throw new InvalidValue("is not a month: expected YYYY-MM, e.g. 2026-03");
            }
            try {
                return YearMonth.parse(cell).atDay(1).toString();
            } catch (DateTimeParseException e) {
                throw new InvalidValue("is not a real month: expected YYYY-MM with a month from 01 to 12");
            }
        }
    },
    /**
     * ISO-8601 timestamp; a bare date means 00:00 UTC, no offset means UTC; a space may stand for the T and an
     * offset may be written +0200 or +02 (as exports often do). Staged in UTC with a fixed width, so staged
     * timestamps compare correctly as text.
     */
    TIMESTAMP {
        @Override
        String parse(String cell) {
            String utc = utcSeconds(cell);
            if (utc != null) {
                return utc;
            }
            if (DATE_SHAPE.matcher(cell).matches()) {
                return UTC_FIXED.format(parseDate(cell).atStartOfDay().atOffset(ZoneOffset.UTC));
            }
            if (!TIMESTAMP_SHAPE.matcher(cell).matches()) {
                throw new InvalidValue("is not a timestamp: expected ISO-8601 such as 2026-03-01T14:05:00Z");
            }
            try {
                String text = cell.replace(' ', 'T');
                Matcher offset = OFFSET.matcher(text);
                text = offset.find() ? text.substring(0, offset.start()) + offset.group(1) + ":"
                        + (offset.group(2) == null ? "00" : offset.group(2)) : text.endsWith("Z") ? text : text + "Z";
                return UTC_FIXED.format(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw new InvalidValue("is not a real point in time (check the day, hour and minutes)");
            }
        }
    },
    /** A plain non-negative decimal in the tenant's currency, e.g. {@code 1234.50}. */
    MONEY {
        @Override
        String parse(String cell) {
            if (plainAmount(cell)) {
                return cell;
            }
            if (cell.startsWith("-") && DECIMAL_SHAPE.matcher(cell.substring(1)).matches()) {
                boolean zero = cell.chars().allMatch(c -> c == '-' || c == '0' || c == '.');
                throw new InvalidValue(zero ? "has a minus sign; amounts are written without a sign"
                        : "is negative; amounts must be 0 or more");
            }
            if (!DECIMAL_SHAPE.matcher(cell).matches()) {
                throw new InvalidValue("is not an amount: expected a plain decimal such as 1234.50"
                        + " (no currency sign or thousands separator)");
            }
            // read as text, so that a cell of a million digits costs no more than its reading
            String plain = withoutLeadingZeros(cell);
            int point = plain.indexOf('.');
            String whole = point < 0 ? plain : plain.substring(0, point);
            String fraction = point < 0 ? "" : plain.substring(point + 1);
            if (whole.length() > 14) {
                throw new InvalidValue("is too large"); // before any rounding: a million digits are not parsed
            }
            if (fraction.length() > 4) {
                // kept to 4 places, half up (ARR / 12 = 833.3333333 is 833.3333; only the fifth place decides), and
                // without the zeros that then end it (a warehouse's NUMERIC(…, 6) writes 1234.500000)
                String kept = whole + "." + fraction.substring(0, 4);
                String rounded = fraction.charAt(4) >= '5' ? new BigDecimal(kept).add(TEN_THOUSANDTH).toPlainString()
                        : kept;
                whole = rounded.substring(0, rounded.indexOf('.'));
                fraction = rounded.substring(rounded.indexOf('.') + 1).replaceFirst("0+$", "");
            }
            if (whole.length() > 14) {
                throw new InvalidValue("is too large"); // 99999999999999.99995 rounds up to 15 digits
            }
            return fraction.isEmpty() ? whole : whole + "." + fraction;
        }
    },
    /** A whole number 0 or more, written without a sign (docs/imports.md): {@code -0} is refused too. */
    COUNT {
        @Override
        String parse(String cell) {
            int value = parseInteger(cell, Integer.MIN_VALUE, Integer.MAX_VALUE, "");
            if (cell.startsWith("-")) {
                throw new InvalidValue(value == 0 ? "has a minus sign; counts are written without a sign"
                        : "must be 0 or more");
            }
            return cell;
        }
    },
    /** A whole number; its range is checked by the row (survey scores depend on the type). */
    INTEGER {
        @Override
        String parse(String cell) {
            parseInteger(cell, Integer.MIN_VALUE, Integer.MAX_VALUE, "");
            return cell;
        }
    },
    /** {@code true} or {@code false}, in any case. */
    BOOLEAN {
        @Override
        String parse(String cell) {
            String lower = cell.toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw new InvalidValue("is not true or false");
            }
            return lower;
        }
    };

    private static final DateTimeFormatter UTC_FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final BigDecimal TEN_THOUSANDTH = new BigDecimal("0.0001");
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH_SHAPE = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern TIMESTAMP_SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?");
    private static final Pattern OFFSET = Pattern.compile("([+-]\\d{2}):?(\\d{2})?$");
    /** Unsigned, any number of digits: the size and the decimal places are judged after the shape. */
    private static final Pattern DECIMAL_SHAPE = Pattern.compile("\\d+(\\.\\d+)?");

    abstract String parse(String cell);

    /** Millions of cells go through here: checked by hand, not by a regular expression. */
    static LocalDate parseDate(String cell) {
        if (cell.length() != 10 || cell.charAt(4) != '-' || cell.charAt(7) != '-') {
            throw new InvalidValue("is not a date: expected YYYY-MM-DD, e.g. 2026-03-01");
        }
        int year = digits(cell, 0, 4);
        int month = digits(cell, 5, 7);
        int day = digits(cell, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            throw new InvalidValue("is not a date: expected YYYY-MM-DD, e.g. 2026-03-01");
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new InvalidValue("is not a real calendar date");
        }
    }

    /**
     * The commonest form, {@code 2026-03-01T14:05:00Z}, checked by hand (an export has millions):
     * the staged text, or null to leave the cell, valid or not, to the general parser.
     */
    private static String utcSeconds(String cell) {
        if (cell.length() != 20 || cell.charAt(4) != '-' || cell.charAt(7) != '-' || cell.charAt(10) != 'T'
                || cell.charAt(13) != ':' || cell.charAt(16) != ':' || cell.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(cell, 0, 4);
        int month = digits(cell, 5, 7);
        int day = digits(cell, 8, 10);
        int hour = digits(cell, 11, 13);
        int minute = digits(cell, 14, 16);
        int second = digits(cell, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        return cell.substring(0, 19) + ".000000Z";
    }

    /**
     * The common valid amount checked by hand: 1 to 14 digits, optionally a point and 1 to 4
     * decimals, as COPY reads it. Anything else (a sign, more digits) goes to the general rules,
     * which also say what is wrong.
     */
    private static boolean plainAmount(String cell) {
        int point = cell.indexOf('.');
        int whole = point < 0 ? cell.length() : point;
        int decimals = point < 0 ? 0 : cell.length() - point - 1;
        if (whole < 1 || whole > 14 || (point >= 0 && (decimals < 1 || decimals > 4))) {
            return false;
        }
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if ((c < '0' || c > '9') && i != point) {
                return false;
            }
        }
        return true;
    }

    /** The longest feature in UTF-8 bytes ({@link #FEATURE}). */
    static final int FEATURE_BYTES = 1536;

    /** {@code cell} when it has at most {@code max} characters; {@code what} names such cells in the refusal. */
    private static String atMost(String cell, int max, String what) {
        int length = characters(cell);
        if (length > max) {
            throw new InvalidValue("is " + length + " characters long; " + what + " are at most " + max);
        }
        return cell;
    }

    /**
     * The characters of {@code text} as PostgreSQL counts them for a {@code varchar(n)}: code points, so
     * that an emoji (two UTF-16 units) is one.
     */
    static int characters(String text) {
        return Text.characters(text);
    }

    /** The number written by the ASCII digits in [from, to), or -1 if any is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** An unsigned decimal without its leading zeros (one is kept before the point). */
    private static String withoutLeadingZeros(String decimal) {
        int start = 0;
        while (start + 1 < decimal.length() && decimal.charAt(start) == '0' && decimal.charAt(start + 1) != '.') {
            start++;
        }
        return decimal.substring(start);
    }

    /** Leading zeros are read, not counted: {@code 00000000005} is 5. */
    static int parseInteger(String cell, int min, int max, String rangeReason) {
        boolean negative = cell.startsWith("-");
        int start = negative ? 1 : 0;
        if (cell.length() == start) {
            throw new InvalidValue("is not a whole number");
        }
        long value = 0;
        for (int i = start; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidValue("is not a whole number");
            }
            value = value * 10 + (c - '0');
            if (value > -(long) Integer.MIN_VALUE) { // stops a long run of digits before it overflows
                throw new InvalidValue("is too large for a whole number here (at most " + Integer.MAX_VALUE + ")");
            }
        }
        value = negative ? -value : value;
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new InvalidValue("is too large for a whole number here (at most " + Integer.MAX_VALUE + ")");
        }
        if (value < min || value > max) {
            throw new InvalidValue(rangeReason.isEmpty() ? "is out of range" : rangeReason);
        }
        return (int) value;
    }

    /** A cell that breaks its column's rule; the message completes "value '…' …". */
    public static final class InvalidValue extends RuntimeException {

        public InvalidValue(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Values of an enumerated column, matched case-insensitively and stored in their canonical spelling. */
    public record Choices(List<String> canonical) {

        public String match(String cell) {
            // the choices are ASCII: equalsIgnoreCase would take a dotless ı for i, ſ for s, the Kelvin sign for k
            String lower = cell.chars().allMatch(c -> c < 0x80) ? cell.toLowerCase(Locale.ROOT) : null;
            for (String choice : canonical) {
                if (choice.toLowerCase(Locale.ROOT).equals(lower)) {
                    return choice;
                }
            }
            throw new InvalidValue("is not one of " + String.join(", ", canonical));
        }
    }
}
