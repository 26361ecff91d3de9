package dev.bellwether.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waiting for what a background job (the events' coalescing, the recalculation, the outbox) makes true. */
public final class Polling {

    private Polling() {
    }

    /** Reads {@code value} every 200 ms until it is {@code expected}, for at most 20 s; answers the last read. */
    public static String await(Supplier<String> value, String expected) {
        return await(Duration.ofSeconds(20), expected, value);
    }

    /** Reads {@code value} every 200 ms until it equals {@code expected}, for at most {@code within}; the last read. */
    public static <T> T await(Duration within, T expected, Supplier<T> value) {
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
