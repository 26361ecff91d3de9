package dev.bellwether.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keycloak sessions signed out of Bellwether. The session cookie holds the tokens themselves, so
 * a copy of it stays valid until they expire unless the app remembers the sign-out: it keeps each
 * ended session id for as long as a Keycloak session may last. Held in memory: one app instance;
 * after a restart a replayed cookie works until its tokens expire (docs/deployment.md).
 */
@ApplicationScoped
public class EndedSessions {

    private final Map<String, Instant> ended = new ConcurrentHashMap<>();

    @Inject
    Clock clock;

    @ConfigProperty(name = "bellwether.session.remember-sign-out")
    Duration retention;

    /** Remembers that the session with this Keycloak id was signed out. */
    public void end(String sid) {
        Instant now = clock.instant();
        ended.values().removeIf(until -> until.isBefore(now));
        ended.put(sid, now.plus(retention));
    }

    public boolean isEnded(String sid) {
        Instant until = ended.get(sid);
        return until != null && !until.isBefore(clock.instant());
    }
}
