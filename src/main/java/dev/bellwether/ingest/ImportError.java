package dev.bellwether.ingest;

import dev.bellwether.platform.Text;

/**
 * One problem with an import, precise enough to fix the file from: the file, the line (the
 * header is line 1; null for a problem with the file as a whole), the column as named in
 * docs/imports.md (null when the problem is the whole row or file), the offending value, and why.
 */
public record ImportError(String file, Long line, String column, String value, String message) {

    /** Longest value echoed back; longer values are cut with an ellipsis. */
    static final int VALUE_ECHO = 120;

    /** U+0000, which neither jsonb nor text can store, is made visible as {@code \0} wherever it came from. */
    public ImportError {
        file = visible(file);
        column = visible(column);
        value = visible(value);
        message = visible(message);
    }

    static ImportError ofFile(String file, String message) {
        return new ImportError(file, null, null, null, message);
    }

    static ImportError ofCell(String file, long line, String column, String value, String message) {
        return new ImportError(file, line, echo(column), echo(value), message);
    }

    /**
     * The value as it can be shown and stored: at most {@value #VALUE_ECHO} characters (never half of
     * one outside the Basic Multilingual Plane), NUL bytes made visible and bytes that are not UTF-8 shown as �.
     */
    static String echo(String value) {
        if (value == null) {
            return null;
        }
        return visible(Text.abbreviate(value, VALUE_ECHO));
    }

    private static String visible(String text) {
        return text == null ? null : text.replace("\0", "\\0").replace(CsvImportReader.UNDECODABLE, '\uFFFD');
    }
}
