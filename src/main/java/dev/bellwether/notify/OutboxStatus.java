package dev.bellwether.notify;

import dev.bellwether.platform.sql.StoredWord;

/** Where an outbox message is: waiting to be sent (or retried), sent, or given up on. */
public enum OutboxStatus implements StoredWord {
    PENDING, SENT, FAILED;

    @Override
    public String toString() {
        return word();
    }
}
