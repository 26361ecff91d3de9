package dev.bellwether.notify;

import dev.bellwether.platform.sql.StoredWord;

/** What an outbox message is: a digest email, an immediate alert email, or a webhook call. */
public enum OutboxKind implements StoredWord {
    DIGEST, ALERT, WEBHOOK;

    @Override
    public String toString() {
        return word();
    }
}
