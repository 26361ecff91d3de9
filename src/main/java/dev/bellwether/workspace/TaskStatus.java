package dev.bellwether.workspace;

import java.util.Arrays;
import java.util.Optional;

import dev.bellwether.platform.sql.StoredWord;

/** Where a task stands ({@code task.status}). */
public enum TaskStatus implements StoredWord {
    OPEN, DONE;

    public static Optional<TaskStatus> of(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word();
    }
}
