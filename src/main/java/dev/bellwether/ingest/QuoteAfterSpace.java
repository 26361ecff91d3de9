package dev.bellwether.ingest;

import java.util.BitSet;

import de.siegmar.fastcsv.reader.FieldModifier;
import dev.bellwether.platform.Text;

/**
 * A quote opens a quoted value only as a cell's first character: {@code ACC-7, "Acme"} is the text
 * {@code  "Acme"}, quotes and all, which trimming would leave as {@code "Acme"}. FastCSV tells, for each
 * field as it reads it, whether it was quoted, which the text alone cannot ({@code " ""Acme"" Ltd"} is the
 * same text, rightly quoted): the unquoted ones that start with blanks and then a quote are noted.
 */
final class QuoteAfterSpace implements FieldModifier {

    private final BitSet fields = new BitSet();
    private long line = -1;

    @Override
    public String modify(long startingLine, int index, boolean quoted, String field) {
        if (!quoted && !field.isEmpty() && field.charAt(0) != '"') {
            // whatever the trimming takes (a space, a tab, an ideographic space) before a quote
            String trimmed = Text.trimmed(field);
            if (!trimmed.isEmpty() && trimmed.charAt(0) == '"' && trimmed.length() < field.length()) {
                if (line != startingLine) {
                    fields.clear();
                    line = startingLine;
                }
                fields.set(index);
            }
        }
        return field;
    }

    boolean marks(long startingLine, int index) {
        return line == startingLine && index >= 0 && fields.get(index);
    }
}
