package dev.bellwether.operator;

/** A platform operation refused for the state the tenant is in (its deletion): 409, {@code conflict}. */
public abstract class PlatformConflict extends PlatformFailure {

    private static final long serialVersionUID = 1L;

    protected PlatformConflict(String message) {
        super(message, null);
    }

    @Override
    public final int status() {
        return 409;
    }

    @Override
    public final String error() {
        return "conflict";
    }
}
