package dev.bellwether.audit;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.PageNumber;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

/**
 * The tenant's audit log: every import, health-model version, alert-rule, target and override
 * change, with who, when and what changed. Append only: this class inserts and reads, and the
 * app's database role has no UPDATE or DELETE on the table (V5), so nothing can rewrite it.
 */
@ApplicationScoped
public class AuditLog {

    /**
     * What to record, for the current tenant. {@code subject} names the thing changed (an import id,
     * "v3", a metric, an account id).
     */
    public record Entry(String actor, String actorName, AuditKind kind, String subject, String summary,
            List<AuditDiff.Change> changes) {
    }

    /** A recorded event. */
    public record Event(long id, Instant at, String actor, String actorName, AuditKind kind, String subject,
            String summary, List<AuditDiff.Change> changes) {

        public String kindLabel() {
            return kind.label();
        }

        /** Whether the event is about one account (an override, a note, a task), whose page the log links to. */
        public boolean aboutAnAccount() {
            return kind == AuditKind.OVERRIDE || kind == AuditKind.NOTE || kind == AuditKind.TASK;
        }
    }

    /** A page of the log, newest first, optionally of one kind. */
    public record Page(List<Event> events, long total, int page, int size) {

        public int pages() {
            return PageNumber.pages(total, size);
        }
    }

    private static final Sort NEWEST_FIRST = Sort.descending("at", "id");

    @Inject
    AuditEventRepository events;

    @Inject
    ObjectMapper json;

    /** Appends {@code entry} in the caller's transaction, so it is recorded exactly when the change is. */
    @Transactional(TxType.MANDATORY)
    public void append(Entry entry) {
        AuditEvent event = new AuditEvent();
        event.actor = entry.actor() == null ? "unknown" : entry.actor();
        event.actorName = entry.actorName();
        event.kind = entry.kind();
        event.subject = entry.subject();
        event.summary = entry.summary();
        event.changes = write(entry.changes());
        events.persist(event);
        events.flush();
    }

    /** Page {@code page} (from 1) of the log, {@code size} events a page; {@code kind} null for every kind. */
    @Transactional
    public Page page(AuditKind kind, int page, int size) {
        PanacheQuery<AuditEvent> query = kind == null ? events.findAll(NEWEST_FIRST)
                : events.find("kind", NEWEST_FIRST, kind);
        List<Event> found = query.page(io.quarkus.panache.common.Page.of(page - 1, size)).list().stream()
                .map(this::event).toList();
        return new Page(found, query.count(), page, size);
    }

    /**
     * When the events of {@code kind} about {@code subject} whose summary starts with one of {@code summaries} were
     * recorded, from {@code since} on, newest first.
     */
    @Transactional
    public List<Instant> recordedSince(AuditKind kind, String subject, Instant since, List<String> summaries) {
        return events.find("kind = ?1 and subject = ?2 and at >= ?3", NEWEST_FIRST, kind, subject, since).stream()
                .filter(e -> summaries.stream().anyMatch(e.summary::startsWith)).map(e -> e.at).toList();
    }

    /** Every event about {@code subject} of {@code kind}, newest first. */
    @Transactional
    public List<Event> about(AuditKind kind, String subject) {
        return events.find("kind = ?1 and subject = ?2", NEWEST_FIRST, kind, subject).stream().map(this::event)
                .toList();
    }

    private Event event(AuditEvent event) {
        return new Event(event.id, event.at, event.actor, event.actorName, event.kind, event.subject, event.summary,
                read(event.changes));
    }

    private String write(List<AuditDiff.Change> changes) {
        try {
            return json.writeValueAsString(changes == null ? List.of() : changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<AuditDiff.Change> read(String value) {
        try {
            return json.readValue(value, new TypeReference<List<AuditDiff.Change>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
