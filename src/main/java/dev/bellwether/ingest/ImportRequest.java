package dev.bellwether.ingest;

import java.time.Instant;
import java.util.UUID;

import dev.bellwether.tenant.CurrentUser;

/**
 * An import to run: who asks, from where ({@code api}, {@code page} or {@code demo}), when they signed in
 * (null for the demo data, which no one asks for), and the files.
 */
public record ImportRequest(UUID id, String source, String user, String userName, Instant signedInAt,
        Uploads uploads) {

    /** An import the app runs itself, for no one signed in. */
    public static ImportRequest of(String source, String user, String userName, Uploads uploads) {
        return new ImportRequest(UUID.randomUUID(), source, user, userName, null, uploads);
    }

    /** An import {@code user} asks for. */
    public static ImportRequest by(String source, CurrentUser user, Uploads uploads) {
        return new ImportRequest(UUID.randomUUID(), source, user.getUsername(), user.getName(),
                user.signedInAt().orElse(null), uploads);
    }
}
