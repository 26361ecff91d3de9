package dev.bellwether.feeds;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Stages a request's valid events for the key's tenant, committed before the request answers; the
 * coalescing job ({@link FeedCoalescer}) applies them later. A track must name an account the tenant
 * has, or one a group call creates (earlier in the same request, or staged and not yet applied):
 * otherwise it is rejected now, while the sender can still be told.
 */
@ApplicationScoped
public class FeedStaging {

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String DEADLOCK_DETECTED = "40P01";
    /**
     * The longest a request waits for a lock: an event whose messageId is being applied (a retry) waits
     * for that transaction, which an import can hold for minutes.
     */
    private static final String LOCK_WAIT = "3s";

    @Inject
    Database database;

    @Inject
    IngestKeySigner signer;

    @Inject
    ObjectMapper json;

    @Inject
    FeedConfig config;

    /** The tenant and key a secret belongs to. */
    record Sender(String tenant, UUID key) {
    }

    /** The key with this secret, unless there is none or it is revoked. */
    Optional<Sender> sender(String secret) {
        if (!IngestKeySigner.wellFormed(secret)) {
            return Optional.empty();
        }
        return database.first("select tenant_id, key_id from bw_ingest_key(?)",
                row -> new Sender(row.string("tenant_id"), row.uuid("key_id")), (Object) signer.hash(secret));
    }

    /**
     * Stages {@code events} as the sender's tenant, and notes the key as used (even when there is
     * nothing to stage); answers the events rejected for an unknown account. {@code rejectedGroups}: the group
     * calls the request's reading rejected, by account (the first one's index), which a track of that account
     * after it is told of.
     */
    List<Rejection> stage(Sender sender, List<FeedEvent> events, Map<String, Integer> rejectedGroups) {
        try {
            return TenantContext.call(sender.tenant(), () -> QuarkusTransaction.requiringNew()
                    .call(() -> database.with(connection -> stage(connection, sender, events,
                            new HashMap<>(rejectedGroups)))));
        } catch (SqlException e) {
            if (e.lockNotAvailable() || DEADLOCK_DETECTED.equals(e.sqlState())) {
                throw new Busy();
            }
            throw e;
        }
    }

    /** The key was revoked or deleted (with its tenant) while the request was on its way: answered as 401. */
    static final class KeyGone extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KeyGone() {
            super("The ingest key is no longer live", null, false, false);
        }
    }

    /**
     * The request would have waited for another transaction's lock (a retried messageId whose first
     * event an import is applying, say): answered 503 with nothing staged, rather than holding a
     * connection for as long as the import runs.
     */
    static final class Busy extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Busy() {
            super("Events of this organisation are being applied; nothing was stored. Send the batch again in a few"
                    + " seconds", null, false, false);
        }
    }

    /** Notes the key as used by a request that brought nothing to stage (a refused body). */
    void touch(Sender sender) {
        stage(sender, List.of(), Map.of());
    }

    private List<Rejection> stage(Connection connection, Sender sender, List<FeedEvent> events,
            Map<String, Integer> rejectedGroups) {
        Sql.execute(connection, "set local lock_timeout = '" + LOCK_WAIT + "'");
        // a plain read, no row lock: a lock on the key by every request of a busy feed piles up
        // PostgreSQL's multixacts, and the one the key's tenant takes first when it is deleted
        // deadlocked with it. A tenant deleted meanwhile fails the events' insert (its foreign key).
        boolean live = Sql.first(connection, "select revoked_at is null as live from ingest_key where id = ?",
                row -> row.bool("live"), sender.key()).orElse(false);
        if (!live) {
            throw new KeyGone();
        }
        if (events.isEmpty()) {
            used(connection, sender);
            return List.of();
        }
        // a messageId seen before is skipped by the insert: its group call creates no account
        Set<String> seen = seenMessageIds(connection, events);
        Set<String> known = knownAccounts(connection,
                events.stream().map(FeedEvent::accountId).distinct().toArray(String[]::new));
        Set<String> stored = Set.copyOf(known); // stored or staged before this request
        List<Rejection> rejected = new ArrayList<>();
        List<FeedEvent> kept = new ArrayList<>();
        Map<String, FeedEvent> retriedGroups = new HashMap<>(); // skipped as a retry, though no account was made
        for (FeedEvent read : events) {
            FeedEvent event = read;
            if (event.isGroup()) {
                if (!known.contains(event.accountId()) && !event.traits().containsKey("name")) {
                    rejected.add(new Rejection(event.index(), "unknown account " + event.accountId()
                            + ": a group call that creates an account needs traits.name"));
                    rejectedGroups.putIfAbsent(event.accountId(), event.index());
                    continue;
                }
                String createdAt = event.traits().get(EventReader.CREATED_AT_PROBLEM);
                if (createdAt != null && !known.contains(event.accountId())) {
                    rejected.add(new Rejection(event.index(), createdAt)); // it would date the new account
                    rejectedGroups.putIfAbsent(event.accountId(), event.index());
                    continue;
                }
                if (createdAt != null) {
                    event = event.without(EventReader.CREATED_AT_PROBLEM); // an existing account never reads it
                }
                if (event.messageId() == null || seen.add(event.messageId())) {
                    known.add(event.accountId());
                } else if (!known.contains(event.accountId())) {
                    retriedGroups.putIfAbsent(event.accountId(), event);
                }
            } else if (!known.contains(event.accountId())) {
                rejected.add(new Rejection(event.index(), unknownAccount(event, rejectedGroups, retriedGroups)));
                continue;
            } else if (event.messageId() != null) {
                seen.add(event.messageId());
            }
            kept.add(event);
        }
        if (!kept.isEmpty()) {
            try {
                rejected.addAll(orphanedTracks(connection, kept, stored, insert(connection, kept)));
            } catch (SqlException e) {
                if (FOREIGN_KEY_VIOLATION.equals(e.sqlState())) {
                    throw new KeyGone();
                }
                throw e;
            }
        }
        // after the insert, which holds the tenant's row: a deletion of the tenant locks that row first
        used(connection, sender);
        return rejected;
    }

    /**
     * Why a track of an account that is neither stored nor staged is refused: the sender who did send its group call
     * first is pointed at why that made no account (rejected, or skipped as the retry of a messageId received before).
     */
    private static String unknownAccount(FeedEvent track, Map<String, Integer> rejectedGroups,
            Map<String, FeedEvent> retriedGroups) {
        String unknown = "unknown account " + track.accountId();
        Integer group = rejectedGroups.get(track.accountId());
        if (group != null && group < track.index()) {
            return unknown + ": its group call (index " + group + ") was rejected";
        }
        FeedEvent retried = retriedGroups.get(track.accountId());
        if (retried != null && retried.index() < track.index()) {
            return unknown + ": its group call (index " + retried.index() + ") repeats messageId '"
                    + retried.messageId() + "', received before, and was skipped as a retry (give each call its own"
                    + " messageId)";
        }
        return unknown + "; send a group call first";
    }

    /** Notes the key's use, once a minute at most: a busy feed does not write its row on every request. */
    private static void used(Connection connection, Sender sender) {
        Sql.update(connection, """
                update ingest_key set last_used_at = now()
                where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')""",
                sender.key());
    }

    /** A row the insert staged: its {@code pos} is its place (from 1) in the events inserted. */
    private record Staged(long seq, String kind, String accountId, int pos) {
    }

    /**
     * The track calls staged for an account that only this request's group calls made known, none of which was
     * staged: another request staged their messageIds at the same moment (neither saw the other's when it looked;
     * the insert then skips a messageId it finds). Unless that account is stored or staged by now (the other
     * request's call may have been for it), the tracks are taken out again and rejected as of an unknown account:
     * usage of an account that does not exist would be counted for nobody, and exported as unimportable.
     */
    private static List<Rejection> orphanedTracks(Connection connection, List<FeedEvent> kept, Set<String> stored,
            List<Staged> staged) {
        Set<String> made = new HashSet<>();
        Set<String> relied = new HashSet<>();
        for (Staged row : staged) {
            (FeedEvent.GROUP.equals(row.kind()) ? made : relied).add(row.accountId());
        }
        relied.removeAll(stored);
        relied.removeAll(made);
        if (relied.isEmpty()) {
            return List.of();
        }
        relied.removeAll(knownAccounts(connection, relied.toArray(String[]::new)));
        List<Staged> orphans = staged.stream()
                .filter(row -> FeedEvent.TRACK.equals(row.kind()) && relied.contains(row.accountId())).toList();
        if (orphans.isEmpty()) {
            return List.of();
        }
        Sql.update(connection, "delete from feed_event where seq = any(?)",
                (Object) orphans.stream().map(Staged::seq).toArray(Long[]::new));
        return orphans.stream().map(row -> {
            FeedEvent track = kept.get(row.pos() - 1);
            FeedEvent group = kept.stream().filter(e -> e.isGroup() && e.accountId().equals(track.accountId()))
                    .findFirst().orElseThrow();
            return new Rejection(track.index(), "unknown account " + track.accountId() + ": its group call (index "
                    + group.index() + ") repeats messageId '" + group.messageId() + "', which another request sent"
                    + " at the same moment, and was skipped as a retry (give each call its own messageId)");
        }).toList();
    }

    /** Which of the accounts {@code ids} the tenant has, or staged group calls will create. */
    private static Set<String> knownAccounts(Connection connection, String[] ids) {
        return new HashSet<>(Sql.query(connection, """
                select account_id from account where account_id = any(?::text[])
                union
                select account_id from feed_event where kind = 'group' and applied_at is null
                  and account_id = any(?::text[])""", row -> row.string("account_id"), ids, ids));
    }

    /**
     * The events' messageIds the tenant has staged within the retry window (applied or not). Those applied
     * longer ago count again and are deleted here: the coalescer deletes old events only in a round that
     * applies some, and a tenant whose source went quiet has no round.
     */
    private Set<String> seenMessageIds(Connection connection, List<FeedEvent> events) {
        String[] ids = events.stream().map(FeedEvent::messageId).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        Set<String> seen = new HashSet<>();
        List<String> expired = new ArrayList<>();
        Sql.query(connection, "select message_id, coalesce(applied_at < now() - make_interval(secs => ?), false)"
                + " as expired from feed_event where message_id = any(?::text[])",
                row -> (row.bool("expired") ? expired : seen).add(row.string("message_id")),
                config.dedupWindow().toSeconds(), ids);
        if (!expired.isEmpty()) {
            Sql.update(connection, "delete from feed_event where message_id = any(?::text[])",
                    (Object) expired.toArray(String[]::new));
        }
        return seen;
    }

    /**
     * One statement for the whole request; a messageId seen before is skipped, so a retry counts once (of
     * one repeated within the request, the first). Rows go in messageId order: two requests sharing
     * messageIds in another order take their locks in the same order instead of deadlocking.
     */
    private List<Staged> insert(Connection connection, List<FeedEvent> events) {
        int n = events.size();
        String[] messageIds = new String[n];
        String[] kinds = new String[n];
        String[] accounts = new String[n];
        String[] users = new String[n];
        String[] days = new String[n];
        String[] features = new String[n];
        String[] traits = new String[n];
        for (int i = 0; i < n; i++) {
            FeedEvent event = events.get(i);
            messageIds[i] = event.messageId();
            kinds[i] = event.kind();
            accounts[i] = event.accountId();
            users[i] = event.userId();
            days[i] = event.day().toString();
            features[i] = event.feature();
            traits[i] = event.traits() == null ? null : write(event);
        }
        return Sql.query(connection, """
                insert into feed_event (tenant_id, message_id, kind, account_id, user_id, day, feature, traits, pos)
                select app_tenant(), m, k, a, u, d::date, f, t::jsonb, n
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     with ordinality as e(m, k, a, u, d, f, t, n)
                order by m, n
                on conflict (tenant_id, message_id) do nothing
                returning seq, kind, account_id, pos""",
                row -> new Staged(row.longValue("seq"), row.string("kind"), row.string("account_id"),
                        row.integer("pos")), messageIds, kinds, accounts, users, days, features, traits);
    }

    private String write(FeedEvent event) {
        try {
            return json.writeValueAsString(event.traits());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write an event's traits", e);
        }
    }
}
