package dev.bellwether.operator;

import dev.bellwether.tenant.IdentityDirectory;

/**
 * The identity provider (Keycloak) refused or failed a step of the operator's work. The database side
 * was rolled back or not yet touched. Answered with 502 and "try again", or with 409 when the provider
 * already has what was to be made ({@link IdentityDirectory.Taken}), where trying again cannot help.
 */
public class DirectoryFailure extends PlatformFailure {

    private static final long serialVersionUID = 1L;

    public DirectoryFailure(String step, Throwable cause) {
        super("The identity provider could not " + step + (cause == null || cause.getMessage() == null ? ""
                : ": " + cause.getMessage()) + (cause instanceof IdentityDirectory.Taken
                        ? " Nothing was changed in Bellwether." : ". Nothing was changed in Bellwether; try again."),
                cause);
    }

    private DirectoryFailure(String message, Throwable cause, boolean asIs) {
        super(message, cause);
    }

    /** A failure of the provider saying {@code message} as it is (what was kept, what to do). */
    public static DirectoryFailure saying(String message, Throwable cause) {
        return new DirectoryFailure(message, cause, true);
    }

    /** The status to answer: 409 for a name or address taken at the provider, else 502. */
    @Override
    public int status() {
        return getCause() instanceof IdentityDirectory.Taken ? 409 : 502;
    }

    @Override
    public String error() {
        return status() == 409 ? "conflict" : "bad_gateway";
    }
}
