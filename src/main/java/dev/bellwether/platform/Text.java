package dev.bellwether.platform;

/**
 * Text measured as people read it and as PostgreSQL's {@code varchar(n)} counts it: in characters (code
 * points), so an emoji is one, not the two UTF-16 units {@link String#length()} counts.
 */
public final class Text {

    private Text() {
    }

    /** The characters of {@code text}. */
    public static int characters(String text) {
        return text.codePointCount(0, text.length());
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
}
