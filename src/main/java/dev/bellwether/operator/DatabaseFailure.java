package dev.bellwether.operator;

/**
 * The database failed a step of the operator's work (a deadlock, a lost connection): answered with 503 and
 * a message that says what is kept and that the call can be repeated. The cause is logged, not shown.
 */
public class DatabaseFailure extends PlatformFailure {

    private static final long serialVersionUID = 1L;

    public DatabaseFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String error() {
        return "service_unavailable";
    }
}
