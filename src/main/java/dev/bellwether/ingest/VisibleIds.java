package dev.bellwether.ingest;

import java.util.Locale;

import dev.bellwether.ingest.ValueType.InvalidValue;

/** The rule that an id shows as what it is ({@link ValueType#ID}). */
final class VisibleIds {

    private VisibleIds() {
    }

    /**
     * {@code id}, unless it holds a character that shows as nothing or as a plain space (a control or format
     * character, such as a zero-width space, a soft hyphen, a byte-order mark or a direction mark; a line
     * separator; a space other than U+0020; a filler): such an id looks exactly like another, and an account
     * written with it would be a second account that no one can tell from the first. The joiners (U+200C,
     * U+200D) and the tags of a flag emoji are kept: some scripts and emoji need them.
     */
    static String visible(String id) {
        for (int i = 0, at = 1; i < id.length(); at++) {
            int c = id.codePointAt(i);
            if ((c < 0x20 || c >= 0x7F) && invisible(c)) {
                throw new InvalidValue(String.format(Locale.ROOT, "holds U+%04X %s as its character %d, which shows"
                        + " as nothing or as a plain space: it would look like another id", c, Character.getName(c),
                        at));
            }
            i += Character.charCount(c);
        }
        return id;
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        if (type == Character.FORMAT) {
            return c != 0x200C && c != 0x200D && (c < 0xE0020 || c > 0xE007F);
        }
        return type == Character.CONTROL || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164
                || c == 0xFFA0;
    }
}
