package dev.bellwether.notify;

import java.time.Duration;

/** How a send's time limit reads in the error the outbox records: whole seconds as "10 s", else "500 ms". */
final class Timeouts {

    private Timeouts() {
    }

    static String text(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
