package dev.bellwether.ingest;

import java.util.Locale;

import dev.bellwether.ingest.ValueType.InvalidValue;
import dev.bellwether.platform.Text;

/**
 * The rule that an id shows as what it is ({@link ValueType#ID}), and so does an e-mail address; text that is not
 * empty does not look empty.
 */
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
        return visible(id, "it would look like another id");
    }

    /**
     * {@code address} under the rule of {@link #visible(String)}: no e-mail address holds such a character, and one
     * written with it (a no-break space pasted after it, a zero-width space) would never be its owner's, whose
     * sign-in e-mail does not: the accounts of a CSM written so would fall out of their book.
     */
    static String visibleAddress(String address) {
        return visible(address, "no e-mail address holds one, and this one would never match its owner's sign-in");
    }

    /**
     * {@code text}, unless every character of it shows as nothing or as a plain space (a name of a zero-width
     * space alone): a page would show it as empty, and a segment so written would look like no segment at all.
     */
    static String notLookingEmpty(String text) {
        if (!Text.looksEmpty(text)) {
            return text;
        }
        int first = text.codePointAt(0);
        throw new InvalidValue(String.format(Locale.ROOT, "holds only characters that show as nothing or as a plain"
                + " space (the first is U+%04X %s): it would look empty; leave the cell empty instead", first,
                Character.getName(first)));
    }

    private static String visible(String value, String because) {
        for (int i = 0, at = 1; i < value.length(); at++) {
            int c = value.codePointAt(i);
            if (Text.hidden(c)) {
                throw new InvalidValue(String.format(Locale.ROOT, "holds U+%04X %s as its character %d, which shows"
                        + " as nothing or as a plain space: %s", c, Character.getName(c), at, because));
            }
            i += Character.charCount(c);
        }
        return value;
    }
}
