package dev.bellwether.operator;

/**
 * The database failed a step of the operator's work (a deadlock, a lost connection): answered with 503 and
 * a message that says what is kept and that the call can be repeated. The cause is logged, not shown.
 */
public class DatabaseFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public int status() {
        return 503;
    }
}
