package dev.bellwether.platform;

import java.util.Optional;
import java.util.UUID;

/** Ids as addresses carry them. */
public final class Ids {

    private Ids() {
    }

    /** {@code id} read as a UUID; empty when it is not one or missing (a thing nobody has: the caller's 404). */
    public static Optional<UUID> uuid(String id) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
