package dev.bellwether.metrics;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for the engine's own executors: named, so they read in a profile, and daemons, so they
 * never hold the JVM up.
 */
final class DaemonThreads {

    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
