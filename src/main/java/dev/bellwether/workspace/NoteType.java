package dev.bellwether.workspace;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.bellwether.platform.sql.StoredWord;

/**
 * What a CSM logs on an account ({@code account_note.type}). Every type but {@link #NOTE} is an
 * activity: it counts in days since contact, contact rate and overdue QBRs like an imported one.
 */
public enum NoteType implements StoredWord {
    NOTE("note", "Note"), CALL("call", "Call"), MEETING("meeting", "Meeting"), QBR("QBR", "QBR"),
    EMAIL("email", "Email"), TRAINING("training", "Training"), ONBOARDING("onboarding", "Onboarding session");

    private final String word;
    private final String label;

    NoteType(String word, String label) {
        this.word = word;
        this.label = label;
    }

    @Override
    @JsonValue
    public String word() {
        return word;
    }

    public String label() {
        return label;
    }

    public boolean activity() {
        return this != NOTE;
    }

    public static Optional<NoteType> of(String word) {
        return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst();
    }

    /** The label of the type {@code word} names ("Onboarding session"); the word itself when it names none. */
    public static String label(String word) {
        return of(word).map(NoteType::label).orElse(word);
    }

    /** The words, as an error message lists them. */
    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(NoteType::word).toList());
    }

    @Override
    public String toString() {
        return word;
    }
}
