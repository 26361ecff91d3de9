package dev.bellwether.operator;

/**
 * A step of the operator's work that failed outside Bellwether's own checks (the identity provider, the
 * database): the page and the API answer it alike, with its status, its error word and its message, which
 * says what was kept and whether trying again helps.
 */
public abstract class PlatformFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected PlatformFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The status to answer. */
    public abstract int status();

    /** The API's {@code error} word for {@link #status()}. */
    public abstract String error();
}
