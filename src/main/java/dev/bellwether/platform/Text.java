package dev.bellwether.platform;

import java.util.Comparator;

/**
 * Text measured as people read it and as PostgreSQL's {@code varchar(n)} counts it: in characters (code
 * points), so an emoji is one, not the two UTF-16 units {@link String#length()} counts.
 */
public final class Text {

    /**
     * Text in code point order, as PostgreSQL's "C" collation and the contract's sample sort keys. {@link
     * String#compareTo} compares UTF-16 units, which puts an emoji (U+1F600) before U+E000 to U+FFFF.
     */
    public static final Comparator<String> CODE_POINT_ORDER = Text::compareCodePoints;

    private Text() {
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * {@code text} without the {@code c}s it ends with, in one pass: a pattern such as {@code "/+$"} tries every
     * run of them from every start, in time quadratic in the run (an issuer of millions of slashes kept a core busy).
     */
    public static String withoutTrailing(String text, char c) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == c) {
            end--;
        }
        return text.substring(0, end);
    }

    /** The characters of {@code text}. */
    public static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /** {@code text} as it is when at most {@code max} characters, else its first {@code max} and "…". */
    public static String abbreviate(String text, int max) {
        return characters(text) <= max ? text : first(text, max) + "…";
    }

    /** The first {@code max} characters of {@code text} (all of it when shorter), never half an emoji. */
    public static String first(String text, int max) {
        return characters(text) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }

    /**
     * {@code text} without the spaces, tabs and other control characters around it, as the importer trims a
     * cell (docs/imports.md), but with any U+0000 kept, so that a value is refused for it rather than
     * accepted without it. Unicode's other spaces go too (an ideographic space U+3000), but a no-break space
     * (U+00A0, U+2007, U+202F) stays.
     */
    public static String trimmed(String text) {
        return trimmed(text, false);
    }

    /**
     * A header name as {@link #trimmed} trims a value, and without the no-break spaces and byte-order marks
     * around it too: spreadsheets leave them there, and a name is never meant to hold them.
     */
    public static String trimmedName(String text) {
        return trimmed(text, true);
    }

    private static String trimmed(String text, boolean name) {
        int start = 0;
        int end = text.length();
        while (start < end && trimmed(text.charAt(start), name)) {
            start++;
        }
        while (end > start && trimmed(text.charAt(end - 1), name)) {
            end--;
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    private static boolean trimmed(char c, boolean name) {
        return trimmed(c) || name && (c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\ufeff');
    }

    private static boolean trimmed(char c) {
        // ASCII and C1 controls, DEL, and the Unicode spaces that break a line (U+3000 of a Japanese export's
        // empty cell, U+2003...); the no-break ones (U+00A0, U+2007, U+202F) are not Character.isWhitespace
        return c <= ' ' ? c != '\0' : c >= '\u007f' && c <= '\u009f' || Character.isWhitespace(c);
    }

    /** Why a text that is not {@link #wellFormed} is refused, after the name of what holds it. */
    public static final String LONE_SURROGATE = "holds a lone UTF-16 surrogate (\\ud800 to \\udfff unpaired, half of an"
            + " emoji), which is not a character";

    /**
     * Whether {@code c} is a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): in a name
     * it makes the text around it display as other text ("\u202Eksir ta" reads "at risk").
     */
    public static boolean reorders(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    /** Whether every surrogate of {@code text} is half of a pair (a lone one is no character; stored, it is "?"). */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code text} cut to at most {@code max} characters, each control character (a NUL, a line break) made a
     * space: fit for a log line or a column PostgreSQL stores (it refuses a NUL).
     */
    public static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }

    /**
     * {@code text} as a message repeats a value it refuses: each control character a space, at most {@code max}
     * characters, then "…" when it was longer (a 5 MB value is not sent back whole).
     */
    public static String echoed(String text, int max) {
        return abbreviate(printable(text, max + 1), max);
    }

    /**
     * Whether every character of {@code text} shows as nothing or as a plain space ({@link #hidden} or U+0020), or is
     * one that shows only beside others (a joiner, a variation selector): a page would show it as
     * empty (a name of a zero-width or a no-break space alone). True for an empty text.
     */
    public static boolean looksEmpty(String text) {
        return text.codePoints().allMatch(c -> hidden(c) || c == ' ' || c == 0x200C || c == 0x200D
                || c >= 0xFE00 && c <= 0xFE0F || c >= 0xE0100 && c <= 0xE01EF);
    }

    /**
     * Whether {@code c} shows as nothing or as a space other than U+0020 (a control or format character, such as a
     * zero-width space, a soft hyphen, a byte-order mark or a direction mark; a line separator; a space other than
     * U+0020; a filler, a blank braille cell): what an id or an address may not hold, as it would look like another.
     * The joiners (U+200C, U+200D) and the tags of a flag emoji are not: some scripts and emoji need them.
     */
    public static boolean hidden(int c) {
        if (c >= 0x20 && c < 0x7F) {
            return false;
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT) {
            return c != 0x200C && c != 0x200D && (c < 0xE0020 || c > 0xE007F);
        }
        // the blanks a font draws as nothing: fillers, a blank braille cell, Khmer's two silent vowels
        return type == Character.CONTROL || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164
                || c == 0xFFA0 || c == 0x2800 || c == 0x17B4 || c == 0x17B5;
    }

    /**
     * {@code text} on one line: each control character and line or paragraph separator a space. For a line of a
     * plain-text message built from the tenant's data (an account's name may hold a line break, from a quoted CSV
     * cell or a feed's traits), which must not add lines of its own to a message sent in the app's name.
     */
    public static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? ' ' : c));
        return out.toString();
    }
}
