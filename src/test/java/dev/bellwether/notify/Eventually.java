package dev.bellwether.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for the background outbox worker. */
final class Eventually {

    private Eventually() {
    }

    /** Polls {@code value} until it equals {@code expected} or the time is up; answers the last value. */
    static <T> T await(Duration within, T expected, Supplier<T> value) {
        Instant deadline = Instant.now().plus(within);
        T last = value.get();
        while (!expected.equals(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = value.get();
        }
        return last;
    }
}
