package dev.bellwether.platform.sql;

/**
 * The pieces of a search by part of a name or id, as the quick jump and the account list run it: the column
 * compared in ICU's collation, whose case folding covers every alphabet (ids are {@code COLLATE "C"}, which folds
 * ASCII only: {@code ÉCOLE-1} was not found as {@code école-1}), and the text typed matched as written.
 */
public final class Like {

    private Like() {
    }

    /** {@code expression} in the collation that folds case in any alphabet ({@code ilike}, {@code lower}). */
    public static String caseless(String expression) {
        return expression + " collate \"und-x-icu\"";
    }

    /** {@code text} as a LIKE pattern that matches it literally: its {@code \}, {@code %} and {@code _} escaped. */
    public static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
