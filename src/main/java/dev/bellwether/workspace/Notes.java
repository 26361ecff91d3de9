package dev.bellwether.workspace;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;

/**
 * Notes and logged activities. A logged activity (every type but {@code note}) carries the author's
 * email as its CSM and asks for a recalculation, after which it counts in days since contact, contact
 * rate and overdue QBRs exactly like an imported one. Every note is audited.
 */
@ApplicationScoped
public class Notes {

    /** What a logged activity (not a plain note) does to the figures, as the pages say it. */
    static final String FIGURES_FOLLOW = "Days since contact and the contact figures follow after the recalculation.";

    /** What an activity dated after the figures' latest month does to them, up to the month it names. */
    static final String COUNTS_ONCE_THEY_REACH = "It counts in days since contact and the contact figures once they"
            + " reach ";

    /** The longest body a note may have, in characters. */
    public static final int BODY_MAX = 20_000;
    /** The longest attendee list, in characters. */
    public static final int ATTENDEES_MAX = 1_000;
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    /** Where today is the latest on Earth. */
    static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    /** What a person asks to log, validated ({@link #request}). */
    public record Request(NoteType type, LocalDate occurredAt, String body, String attendees) {
    }

    /** A logged note, as the API answers it (docs/api.md). */
    public record Note(UUID id, String accountId, NoteType type, LocalDate occurredAt, String body, String attendees,
            String author, Instant createdAt) {
    }

    @Inject
    AccountNoteRepository notes;

    @Inject
    Database database;

    @Inject
    WorkspaceAccounts accounts;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Inject
    Event<RecalculationRequested> recalculations;

    /**
     * The latest date a note may carry: today where it is latest on Earth, at UTC+14 (a CSM east of UTC is a day
     * ahead of it for part of theirs), unless that is next month in UTC.
     */
    static LocalDate latest(Clock clock) {
        // but within the current UTC month, the last day an import takes: an export must import again
        LocalDate today = Clocks.today(clock);
        LocalDate first = LocalDate.now(clock.withZone(EARLIEST_ZONE));
        return first.isAfter(today.withDayOfMonth(today.lengthOfMonth())) ? today : first;
    }

    /**
     * Checks what was typed or sent: type one of the seven, occurredAt a date up to {@link #latest} (today in UTC
     * when left out), body required for a note and at most {@link #BODY_MAX} characters.
     */
    public Request request(String type, String occurredAt, String body, String attendees) {
        List<FieldError> errors = new ArrayList<>();
        NoteType chosen = type == null || type.isBlank() ? null : NoteType.of(type.strip()).orElse(null);
        if (chosen == null) {
            errors.add(new FieldError("type", "type must be one of " + NoteType.words()));
        }
        LocalDate date = occurredAt == null || occurredAt.isBlank() ? Clocks.today(clock)
                : Body.Dates.parse("occurredAt", occurredAt.strip(), EARLIEST, latest(clock),
                        (f, m) -> errors.add(new FieldError(f, m)));
        // a line break is one character, as the form's limit counts it: a browser sends each as CR LF
        String text = body == null ? "" : body.replace("\r\n", "\n").strip();
        text = Text.looksEmpty(text) ? "" : text; // a zero-width or a no-break space alone is no text
        int length = Text.characters(text);
        if (!Text.wellFormed(text)) {
            errors.add(new FieldError("body", Body.notACharacter("body")));
        } else if (length > BODY_MAX) {
            errors.add(new FieldError("body", String.format(java.util.Locale.ROOT,
                    "body is at most %,d characters (it has %,d)", BODY_MAX, length)));
        } else if (text.isEmpty() && chosen == NoteType.NOTE) {
            errors.add(new FieldError("body", "A note needs some text"));
        }
        // a no-break or zero-width space alone is nobody, as with the body ("Call with " and a blank, otherwise)
        String people = attendees == null || attendees.isBlank() || Text.looksEmpty(attendees) ? null
                : attendees.strip();
        if (people != null && !Text.wellFormed(people)) {
            errors.add(new FieldError("attendees", Body.notACharacter("attendees")));
        } else if (people != null && Text.characters(people) > ATTENDEES_MAX) {
            errors.add(new FieldError("attendees",
                    String.format(java.util.Locale.ROOT, "attendees is at most %,d characters", ATTENDEES_MAX)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new Request(chosen, date, text, people);
    }

    /** Logs {@code request} on the account (404 when the tenant has no such account). */
    @Transactional
    public Note log(String accountId, Request request) {
        WorkspaceAccounts.Ref account = accounts.require(accountId);
        AccountNote note = new AccountNote();
        note.id = UUID.randomUUID();
        note.accountId = account.accountId();
        note.type = request.type();
        note.occurredAt = request.occurredAt();
        note.body = request.body();
        note.attendees = request.attendees();
        note.csmEmail = user.getEmail() == null ? null : user.getEmail().toLowerCase(java.util.Locale.ROOT);
        note.author = user.getUsername();
        note.authorName = user.getName();
        note.createdAt = clock.instant();
        notes.persist(note);
        notes.flush();
        // the account page keeps its timeline under the pages' version (Snapshots.version): the note shows at once.
        // Never waiting for the row: a recalculation saving holds it (seconds, at 10,000 accounts), and its commit
        // moves the version anyway; the timeline lists calls and meetings, which ask for a recalculation of their own.
        database.update("update tenant_snapshot set notes_changed_at = clock_timestamp()"
                + " where tenant_id in (select tenant_id from tenant_snapshot for update skip locked)");
        List<AuditDiff.Change> changes = new ArrayList<>();
        changes.add(new AuditDiff.Change("type", null, note.type.word()));
        changes.add(new AuditDiff.Change("occurredAt", null, note.occurredAt.toString()));
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.NOTE, account.accountId(),
                note.type.label() + " logged on " + account.accountId() + " for " + note.occurredAt, changes));
        if (note.type.activity()) {
            // an activity counts from its day on, for its account only
            recalculations.fire(new RecalculationRequested(TenantContext.require(), "activity")
                    .changed(YearMonth.from(note.occurredAt), Set.of(account.accountId())));
        }
        return view(note);
    }

    private static Note view(AccountNote note) {
        return new Note(note.id, note.accountId, note.type, note.occurredAt, note.body, note.attendees,
                note.csmEmail != null ? note.csmEmail : note.author, note.createdAt);
    }
}
