package dev.bellwether.platform.sql;

/**
 * A value stored (and answered in JSON) as a word: the enums of statuses and kinds implement it, and
 * {@link Sql} binds them as their word.
 */
public interface StoredWord {

    /** The word in the database and the API, e.g. {@code applied}. */
    String word();

    /** The constant of {@code type} stored as {@code word}. */
    static <E extends Enum<E> & StoredWord> E of(Class<E> type, String word) {
        for (E value : type.getEnumConstants()) {
            if (value.word().equals(word)) {
                return value;
            }
        }
        throw new IllegalArgumentException("No " + type.getSimpleName() + " stored as " + word);
    }
}
