package dev.bellwether.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Import limits ({@code bellwether.import.*}). */
@ConfigMapping(prefix = "bellwether.import")
public interface ImportLimits {

    /** Largest CSV file accepted, alone, in a multipart upload or inside a zip (uncompressed). */
    @WithDefault("200M")
    MemorySize maxFileSize();

    /** How many problems an answer lists at most (every problem is counted). */
    @WithDefault("1000")
    int maxReportedErrors();

    /** How many imports, of all tenants, one instance runs at once ({@link ImportSlots}). */
    @WithDefault("8")
    int maxRunning();

    /** How long one import may run before its transaction is rolled back. */
    @WithDefault("3600")
    int timeoutSeconds();
}
