package dev.bellwether.operator;

/**
 * The identity provider (Keycloak) refused or failed a step of the operator's work. The database side
 * was rolled back or not yet touched, so the operator can try again; answered with 502.
 */
public class DirectoryFailure extends RuntimeException {

    public DirectoryFailure(String step, Throwable cause) {
        super("The identity provider could not " + step + (cause == null || cause.getMessage() == null ? ""
                : ": " + cause.getMessage()) + ". Nothing was changed in Bellwether; try again.", cause);
    }
}
