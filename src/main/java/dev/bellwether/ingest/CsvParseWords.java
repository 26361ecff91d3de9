package dev.bellwether.ingest;

import java.util.Locale;

import de.siegmar.fastcsv.reader.CsvParseException;

/** What the CSV parser's refusal of a line means, in the words of a person who exported the file. */
final class CsvParseWords {

    private CsvParseWords() {
    }

    /** The parser's refusal {@code e} as the line's problem, with the reader's limits. */
    static String describe(CsvParseException e, int maxFields, int maxRecordChars) {
        String message = e.getMessage() == null ? "malformed CSV" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("maximum limit of " + maxFields + " fields")) {
            return "a row has more than " + maxFields + " fields (is this a binary file?)";
        }
        if (lower.contains("buffer") || lower.contains("max record size") || lower.contains("max field size")) {
            return "a row is longer than " + (maxRecordChars >> 20)
                    + " MB (is this a binary file, or a quote that is never closed?)";
        }
        // a file whose every value is quoted, separated by semicolons or tabs ("A";"B"): the unquoted case gets
        // the same advice from the problem's value (ProblemGroups.hint)
        boolean semicolon = lower.contains("after closing quote: ';'");
        if (semicolon || lower.contains("after closing quote: '\t'")) {
            return "a value in quotes is followed by " + (semicolon ? "a semicolon" : "a tab") + " where a comma"
                    + " should be. This file seems to separate its values with " + (semicolon ? "semicolons (;)"
                            : "tabs") + ". Bellwether reads commas: save it as \"CSV (comma delimited)\" or change"
                    + " the list separator in your spreadsheet's export settings.";
        }
        return message.replace("\t", "\\t");
    }
}
