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
}
