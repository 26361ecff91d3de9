package dev.bellwether.feeds;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.TransactionLocks;

/** The tenant's ingest keys: created (the secret shown once), listed without secrets, revoked. */
@ApplicationScoped
public class IngestKeys {

    /** The longest key name. */
    public static final int MAX_NAME = 80;

    /** The most keys an organisation has in use at once (revoked ones do not count). */
    public static final int MAX_ACTIVE = 50;

    @Inject
    IngestKeyRepository keys;

    @Inject
    IngestKeySigner signer;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** A key as listed: never its secret. */
    public record Listed(UUID id, String name, Instant createdAt, String createdBy, Instant lastUsedAt,
            Instant revokedAt) {

        /** Whether the key is revoked, for the page (not a bean getter: the API answers the contract's fields). */
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A key just created, with its secret: the only time the secret is seen. */
    public record Created(UUID id, String name, String secret) {
    }

    /**
     * A key not created, nothing written: its name is an active key's ({@code onName}, a 422 on the name: two
     * keys listed alike could not be told apart when one is to be revoked), or the organisation has
     * {@link #MAX_ACTIVE} keys in use already (a 409).
     */
    public static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final boolean onName;

        private Refused(boolean onName, String message) {
            super(message, null, false, false);
            this.onName = onName;
        }

        public boolean onName() {
            return onName;
        }
    }

    @Transactional
    public Created create(String actor, String actorName, String name) {
        return created(actor, actorName, name, null);
    }

    /**
     * Creates the key the page's form {@code form} asks for, once: empty, and nothing created, when that form
     * created one already (its answer, which showed the secret, was reloaded); the form's key is then listed.
     */
    @Transactional
    public Optional<Created> createOnce(String actor, String actorName, String name, UUID form) {
        TransactionLocks.hold(keys.getEntityManager(), "bellwether.ingest-key-form:" + form);
        if (createdBy(form).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(created(actor, actorName, name, form));
    }

    /**
     * The name of the key the page's form {@code form} created, when it created one: a form posted twice (a double
     * click, a retry on a slow link) has its answer, the secret's one showing, replaced by the second's.
     */
    @Transactional
    public Optional<String> createdBy(UUID form) {
        return keys.find("formRequest", form).firstResultOptional().map(key -> key.name);
    }

    private Created created(String actor, String actorName, String name, UUID form) {
        // the names and the count are checked under one lock: two creations at once take turns
        TransactionLocks.hold(keys.getEntityManager(), "bellwether.ingest-keys");
        List<IngestKey> active = keys.list("revokedAt is null");
        if (active.stream().anyMatch(key -> asShown(key.name).equals(asShown(name)))) {
            throw new Refused(true, "is already an active key's name: choose another (a lost key's successor could"
                    + " be \"" + name + " 2\"), or revoke that key first");
        }
        if (active.size() >= MAX_ACTIVE) {
            throw new Refused(false, "Your organisation has " + MAX_ACTIVE + " keys in use, the most it can have:"
                    + " revoke one that nothing sends with any more, then create this one.");
        }
        String secret = signer.newSecret();
        IngestKey key = new IngestKey();
        key.id = UUID.randomUUID();
        key.name = name;
        key.keyHash = signer.hash(secret);
        key.createdAt = clock.instant();
        key.createdBy = actor;
        key.formRequest = form;
        keys.persist(key);
        audit.append(new AuditLog.Entry(actor, actorName, AuditKind.INGEST_KEY, key.id.toString(),
                "Created ingest key \"" + name + "\"", List.of()));
        return new Created(key.id, name, secret);
    }

    @Transactional
    public List<Listed> list() {
        return keys.all().stream().map(k -> new Listed(k.id, k.name, k.createdAt, k.createdBy, k.lastUsedAt,
                k.revokedAt)).toList();
    }

    /** The key as listed; empty when the tenant has no such key. */
    public Optional<Listed> find(UUID id) {
        return Optional.ofNullable(keys.findById(id)).map(key -> new Listed(key.id, key.name, key.createdAt,
                key.createdBy, key.lastUsedAt, key.revokedAt));
    }

    /** Revokes the key: empty when the tenant has no such key; a revoked key stays revoked. */
    @Transactional
    public Optional<Listed> revoke(String actor, String actorName, UUID id) {
        // locked: a second revocation at once (a double click) waits, then finds it revoked, and changes nothing
        IngestKey key = keys.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (key == null) {
            return Optional.empty();
        }
        if (key.revokedAt == null) {
            key.revokedAt = clock.instant();
            audit.append(new AuditLog.Entry(actor, actorName, AuditKind.INGEST_KEY, key.id.toString(),
                    "Revoked ingest key \"" + key.name + "\"", List.of()));
        }
        return Optional.of(new Listed(key.id, key.name, key.createdAt, key.createdBy, key.lastUsedAt,
                key.revokedAt));
    }

    /**
     * A name as the list shows it, to tell two apart: without the characters that show as nothing (a zero-width
     * space), each run of spaces of any kind (a no-break space) one space, in lower case. "Segment", "segment " and
     * "Segment" with a zero-width space after it read alike, so only one of them may be in use.
     */
    static String asShown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(c -> {
            boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c);
            if (space) {
                shown.append(' ');
            } else if (!Text.looksEmpty(Character.toString(c))) { // a joiner or a variation selector shows nothing
                shown.appendCodePoint(c);
            }
        });
        return shown.toString().replaceAll(" +", " ").strip().toLowerCase(Locale.ROOT);
    }

    /** The problem with a key name, or empty when it is fine. */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required: a name that says which source sends with the key, e.g. Segment");
        }
        String stripped = name.strip();
        if (Text.looksEmpty(stripped)) { // a zero-width or a no-break space alone: the list would show no name
            return Optional.of("is required: a name that shows, which says which source sends with the key,"
                    + " e.g. Segment");
        }
        // counted in characters, as the database's check counts them: an emoji is one
        if (stripped.codePointCount(0, stripped.length()) > MAX_NAME) {
            return Optional.of("is at most " + MAX_NAME + " characters long");
        }
        if (!Text.wellFormed(stripped)) { // the database would keep "?" in its place
            return Optional.of(Text.LONE_SURROGATE);
        }
        return Optional.empty();
    }
}
