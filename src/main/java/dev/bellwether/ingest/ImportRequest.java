package dev.bellwether.ingest;

import java.util.UUID;

/**
 * An import to run: who asks, from where ({@code api}, {@code page} or {@code demo}), and the files.
 */
public record ImportRequest(UUID id, String source, String user, String userName, Uploads uploads) {

    public static ImportRequest of(String source, String user, String userName, Uploads uploads) {
        return new ImportRequest(UUID.randomUUID(), source, user, userName, uploads);
    }
}
