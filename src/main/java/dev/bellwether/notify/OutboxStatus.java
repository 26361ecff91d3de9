package dev.bellwether.notify;

import java.util.Arrays;
import java.util.Optional;

import dev.bellwether.platform.sql.StoredWord;

/** Where an outbox message is: waiting to be sent (or retried), sent, or given up on. */
public enum OutboxStatus implements StoredWord {
    PENDING, SENT, FAILED;

    /** The status a filter names ({@code failed}); empty for any other word, null included. */
    public static Optional<OutboxStatus> of(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word();
    }
}
