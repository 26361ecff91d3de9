package dev.bellwether.platform.sql;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A value stored (and answered in JSON) as a word: the enums of statuses and kinds implement it, and
 * {@link Sql} binds them as their word. An enum's word is its constant's name in lower case
 * ({@code HEALTH_MODEL} is {@code health_model}); such an enum overrides {@code toString()} to answer
 * it too, so templates show the word.
 */
public interface StoredWord {

    /** The word in the database and the API, e.g. {@code applied}. */
    @JsonValue
    default String word() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

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
