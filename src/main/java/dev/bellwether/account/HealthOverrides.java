package dev.bellwether.account;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.health.Band;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.Formats;

/**
 * A CSM's manual health band for one of their accounts: a reason and an expiry at most 90 days
 * ahead. It sits beside the computed band, never replaces it in the figures, and lapses by itself:
 * it is only read while its expiry date has not passed. Every change is audited.
 */
@ApplicationScoped
public class HealthOverrides {

    public static final int MAX_DAYS = 90;

    /** An override in force; {@code band} is the band's key, as the page and the API show it. */
    public record Override(String accountId, String band, String reason, LocalDate setOn, LocalDate expiresOn,
            String setBy, String setByName, Instant setAt) {
    }

    /**
     * The account's override was set, replaced or removed by someone else, or lapsed, since the form that would
     * change it was opened ({@link #opened}); nothing was written. {@code now}: the override in force now, if any.
     */
    public static final class ChangedMeanwhile extends RuntimeException {

        private final transient Optional<HealthOverride> now;

        ChangedMeanwhile(Optional<HealthOverride> now) {
            super("the override changed meanwhile", null, false, false);
            this.now = now;
        }

        /** Whether there is none in force now. */
        public boolean gone() {
            return now.isEmpty();
        }

        /** What it is now, in words: "it is now At risk until 20 Dec 2026, set by Ada", or that there is none. */
        public String now() {
            return now.map(o -> "it is now " + o.band.label() + " until " + Formats.day(o.expiresOn) + ", set by "
                    + (o.setByName == null ? o.setBy : o.setByName))
                    .orElse("there is none now (it was removed, or its last day has passed)");
        }
    }

    /** What a form says of the override it showed when it was opened: when that one was set, or "none". */
    public static String opened(Optional<Override> shown) {
        return fingerprint(shown.map(Override::setAt));
    }

    /** An override by when it was set (a replacement is set anew), "none" for no override in force. */
    private static String fingerprint(Optional<Instant> setAt) {
        return setAt.map(String::valueOf).orElse("none");
    }

    @Inject
    HealthOverrideRepository repository;

    @Inject
    AuditLog audit;

    @Inject
    Database database;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    /**
     * The account's override while it is in force. Read with plain SQL, not through the entity: the
     * account page asks on every view, and a Hibernate session with its transaction cost that page
     * about a seventh of its CPU (measured with Flight Recorder; docs/benchmarks.md). Changes still go
     * through the entity.
     */
    public Optional<Override> find(String accountId) {
        return database.first("""
                select account_id, band, reason, set_on, expires_on, set_by, set_by_name, set_at
                from health_override where tenant_id = ? and account_id = ? and expires_on >= ?""",
                row -> new Override(row.string("account_id"), row.string("band"), row.string("reason"),
                        row.localDate("set_on"), row.localDate("expires_on"), row.string("set_by"),
                        row.string("set_by_name"), row.instant("set_at")),
                TenantContext.require(), accountId, today());
    }

    /** Whether the signed-in user may override this account's band: its CSM, or an admin. */
    public boolean mayOverride(AccountBook.Line account) {
        if (user.isAdmin()) {
            return true;
        }
        String email = user.getEmail();
        return user.getRoles().contains(CurrentUser.CSM) && email != null && account.csmEmail() != null
                && account.csmEmail().equalsIgnoreCase(email);
    }

    /** The band a form or request names by its key; empty when it names none. */
    static Optional<Band> band(String key) {
        for (Band band : Band.values()) {
            if (band.key().equals(key)) {
                return Optional.of(band);
            }
        }
        return Optional.empty();
    }

    /**
     * Sets (or replaces) the override; the caller validated the request (OverrideRequest) and checked
     * {@link #mayOverride}.
     * {@code band} is the band's key. {@code opened}: what the form showed ({@link #opened}; null from the API,
     * whose last change wins): another override there now is {@link ChangedMeanwhile}.
     */
    @Transactional
    public void set(String accountId, String band, String reason, LocalDate expiresOn, String opened) {
        Band chosen = band(band).orElseThrow(() -> new IllegalArgumentException("No band " + band));
        takeTurn(accountId);
        // what is in force already (a form sent twice, a retry of one that worked): nothing to do, and no change
        // someone else made meanwhile (the person's own read as one, 409)
        Optional<HealthOverride> inForce = repository.inForce(accountId, today());
        if (inForce.filter(o -> o.band == chosen && o.reason.equals(reason.trim())
                && o.expiresOn.equals(expiresOn)).isPresent()) {
            return;
        }
        unchangedSince(inForce, opened);
        LocalDate today = today();
        if (!expiresOn.isAfter(today)) {
            // validated a moment ago, before midnight UTC passed
            throw new InvalidInput("expiresOn", "expiresOn: must be after today (" + today + ")");
        }
        HealthOverride override = repository.findByIdOptional(accountId).orElse(null);
        Optional<HealthOverride> before = override != null && !override.expiresOn.isBefore(today)
                ? Optional.of(override) : Optional.empty();
        List<AuditDiff.Change> changes = new ArrayList<>();
        changes.add(new AuditDiff.Change("band", before.map(o -> o.band.key()).orElse(null), chosen.key()));
        changes.add(new AuditDiff.Change("reason", before.map(o -> o.reason).orElse(null), reason.trim()));
        changes.add(new AuditDiff.Change("expiresOn", before.map(o -> o.expiresOn.toString()).orElse(null),
                expiresOn.toString()));
        changes.removeIf(c -> Objects.equals(c.before(), c.after()));
        if (override == null) {
            override = new HealthOverride();
            override.accountId = accountId;
        }
        override.band = chosen;
        override.reason = reason.trim();
        override.setOn = today;
        override.expiresOn = expiresOn;
        override.setBy = user.getUsername();
        override.setByName = user.getName();
        override.setAt = clock.instant();
        repository.persistAndFlush(override);
        changed();
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.OVERRIDE,
                accountId, "Health band of " + accountId + " overridden to " + chosen.key().replace('_', ' ')
                        + " until " + expiresOn, changes));
    }

    /**
     * Ends the override now; false when there was none in force (removed meanwhile or lapsed: nothing to do).
     * {@code opened} as for {@link #set}: another override than the one shown is not removed.
     */
    @Transactional
    public boolean clear(String accountId, String opened) {
        takeTurn(accountId);
        Optional<HealthOverride> before = repository.inForce(accountId, today());
        if (before.isEmpty()) {
            return false;
        }
        unchangedSince(before, opened);
        repository.delete("accountId", accountId);
        changed();
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.OVERRIDE,
                accountId, "Health override of " + accountId + " removed",
                List.of(new AuditDiff.Change("band", before.get().band.key(), null))));
        return true;
    }

    /**
     * Changes to one account's override take turns, so that two people setting or removing it at once
     * each read what the other wrote: no duplicate key or vanished row (a 500), and each audit line's
     * "before" is what that change replaced.
     */
    private void takeTurn(String accountId) {
        TransactionLocks.hold(repository.getEntityManager(),
                "bellwether.override:" + TenantContext.require() + ":" + accountId);
    }

    /**
     * Refuses a change made from a form that showed another override than the one in force now (set, replaced or
     * removed by someone else, or lapsed at midnight UTC); {@code now} is the override in force, read under the turn.
     */
    private static void unchangedSince(Optional<HealthOverride> now, String opened) {
        if (opened == null) {
            return;
        }
        if (!fingerprint(now.map(o -> o.setAt)).equals(opened)) {
            throw new ChangedMeanwhile(now);
        }
    }

    /** The pages built from the account list (cached by {@code Snapshots.version()}) show the change at once. */
    private void changed() {
        database.update("update tenant_snapshot set overrides_changed_at = clock_timestamp()");
    }

    /** Today in UTC, by the injected clock. */
    public LocalDate today() {
        return Clocks.today(clock);
    }
}
