package dev.bellwether.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.scheduler.Scheduled;

/**
 * Queues the digests that are due: daily ones once per UTC day, weekly ones once per ISO week
 * (Monday to Sunday), for users with a verified email. The scheduler runs it for every tenant with
 * digest readers every morning ({@code bellwether.notifications.digest-cron}, 07:00 UTC by default);
 * {@code POST /api/v1/admin/digests/run} runs it for one tenant at once. A digest covers what happened
 * since the previous one (the day or week before, for the first). Each user's settings row is locked
 * while their digest is queued ({@code FOR UPDATE SKIP LOCKED}), so two app instances running at the
 * same moment queue it once.
 */
@ApplicationScoped
public class Digests {

    private static final Logger LOG = Logger.getLogger(Digests.class);
    /** How far before its usual period a digest reaches back to its previous one (mornings without a run). */
    static final Duration CATCH_UP = Duration.ofDays(7);

    @Inject
    Database database;

    @Inject
    DigestComposer composer;

    @Inject
    Outbox outbox;

    @Inject
    UnsubscribeLinks links;

    @Inject
    OutboxWorker worker;

    @Inject
    Clock clock;

    private record Due(String username, String name, String email, List<String> roles, DigestFrequency frequency,
            LocalDate lastOn, Instant lastAt) {
    }

    @Scheduled(cron = "${bellwether.notifications.digest-cron:0 0 7 * * ?}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyMorning() {
        for (String tenant : database.query("select bw_tenants_with_digests() as tenant_id",
                row -> row.string("tenant_id"))) {
            try {
                TenantContext.run(tenant, () -> queueDue(tenant));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not queue the digests of tenant %s", tenant);
            }
        }
        worker.wake();
    }

    /** Queues the current tenant's due digests; answers how many were queued. */
    @Transactional
    public int queueDue(String tenant) {
        LocalDate today = Clocks.today(clock);
        Instant until = cutOff();
        List<Due> candidates = database.query("""
                select s.username, u.name, u.email, array_to_string(u.roles, ',') as roles, s.digest,
                       s.last_digest_on, s.last_digest_at
                from notification_setting s join tenant_user u on u.tenant_id = s.tenant_id and u.username = s.username
                where s.tenant_id = ? and s.digest <> 'off' and u.email is not null and %s
                order by s.username for update of s skip locked""".formatted(UserDirectory.RECIPIENT),
                row -> new Due(row.string("username"), row.string("name"), row.string("email"),
                        UserDirectory.roles(row.string("roles")), row.word("digest", DigestFrequency.class),
                        row.localDate("last_digest_on"), row.instant("last_digest_at")),
                tenant);
        // read here, not from the registry's cache: only a request of the tenant's users fills that
        UnsubscribeLinks.Organisation organisation = database.with(c -> UnsubscribeLinks.organisation(c, tenant))
                .orElseThrow();
        List<Outbox.Message> messages = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (Due due : candidates) {
            if (!due.frequency().dueOn(today, due.lastOn())) {
                continue;
            }
            // since the previous digest, so a morning without a run (a restart at 07:00, a run that failed, a
            // schedule that skips the weekend) loses no alert; the day or week before for a first digest, one
            // switched back on (its previous one is forgotten then) or one after a gap of over a week more (a
            // long suspension): months of alerts are not new
            Instant start = due.frequency().defaultStart(today).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant since = due.lastAt() != null && due.lastAt().isAfter(start.minus(CATCH_UP)) ? due.lastAt()
                    : start;
            boolean whole = new UserDirectory.KnownUser(due.username(), due.email(), due.name(), due.roles())
                    .seesWholeTenant();
            Optional<DigestComposer.Digest> digest = composer.compose(new DigestSection.Reader(tenant, due.username(),
                    due.name() == null ? due.username() : due.name(), due.email(), whole, today, since, until),
                    due.frequency(), organisation.name(),
                    links.url(tenant, organisation.created(), OutboxKind.DIGEST, due.email()));
            digest.ifPresent(d -> messages.add(new Outbox.Message(OutboxKind.DIGEST, due.email(), d.subject(), d.text(),
                    d.html())));
            done.add(due.username());
        }
        outbox.queue(tenant, messages);
        if (!done.isEmpty()) {
            database.update("""
                    update notification_setting set last_digest_on = ?, last_digest_at = ?
                    where tenant_id = ? and username = any(?)""", today, until, tenant, done.toArray(String[]::new));
        }
        return messages.size();
    }

    /**
     * Where this digest's period ends. An alert is stamped with the start of the transaction that opens it
     * (its {@code opened_at} is {@code now()}), and a recalculation's save can take seconds: an alert stamped
     * before this moment may commit after the digest has read. So the period ends at the start of the oldest
     * transaction still open (one that has not written yet may be about to), when there is one; the alerts it
     * opens fall into the next digest's period. The database's clock stamps the alerts, so it draws the line.
     * A transaction open for over an hour (no save takes that long; a connection left idle in one might) is
     * not waited for: it would hold every later digest's new alerts back for as long as it stays open.
     */
    private Instant cutOff() {
        return database.first("""
                select least(clock_timestamp(), min(xact_start)) as until from pg_stat_activity
                where datname = current_database() and xact_start is not null and pid <> pg_backend_pid()
                  and xact_start > clock_timestamp() - interval '1 hour'""",
                row -> row.instant("until")).orElseThrow();
    }
}
