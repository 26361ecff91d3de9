package dev.bellwether.alerts;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.Text;
import dev.bellwether.tenant.CurrentUser;

/**
 * What the pages' alert buttons do: acknowledge, snooze until a date or resolve, with an optional
 * note. Answers the sentence the page shows afterwards; a mistake (no date for a snooze, a note
 * too long) is that sentence too, so the panel stays where it is and says what to fix.
 */
@ApplicationScoped
public class AlertActions {

    private static final int NOTE_LIMIT = 2000;
    private static final String ALREADY_RESOLVED = "That alert was already resolved.";

    @Inject
    AlertBook alerts;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    /**
     * The sentence a page shows after an action; {@code problem}: it says what to fix, and nothing changed;
     * {@code done}: what was done, in a word (null for a problem); {@code field}: the form's field at fault
     * ({@code action}, {@code until} or {@code note}; null without a problem).
     */
    public record Outcome(String message, boolean problem, Done done, String field) {

        Outcome(String message, Done done) {
            this(message, false, done, null);
        }
    }

    /**
     * What an action did, as a page says it after a form posted without htmx (the word travels in the
     * address of the page the browser is sent back to, {@code done=acknowledged}).
     */
    public enum Done {
        ACKNOWLEDGED("Alert acknowledged."),
        SNOOZED("Alert snoozed."),
        RESOLVED("Alert resolved."),
        ALREADY_RESOLVED(AlertActions.ALREADY_RESOLVED);

        private final String message;

        Done(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** Applies {@code action} to alert {@code id}, telling a done action from a mistake; 404 when there is none. */
    public Outcome act(long id, String action, String note, String until) {
        AlertBook.Alert alert = alerts.find(id).orElseThrow(NotFoundException::new);
        if (alert.resolved() && ("acknowledge".equals(action) || "snooze".equals(action) || "resolve".equals(action))) {
            // someone resolved it meanwhile: that is the news, whatever the form held (a snooze without its date)
            return new Outcome(ALREADY_RESOLVED, Done.ALREADY_RESOLVED);
        }
        String field = "note";
        try {
            String text = note(note);
            field = "snooze".equals(action) ? "until" : "action";
            boolean done = switch (action == null ? "" : action) {
                case "acknowledge" -> alerts.acknowledge(id, user.getUsername(), user.getName(), text);
                case "snooze" -> alerts.snooze(id, user.getUsername(), user.getName(),
                        AlertsApi.until(until, Clocks.today(clock)), text);
                case "resolve" -> alerts.resolve(id, user.getUsername(), user.getName(), text);
                default -> throw new BadRequestException("Choose what to do: acknowledge, snooze or resolve.");
            };
            return done ? new Outcome(past(action) + ": " + (alert.accountName() == null ? alert.accountId()
                    : alert.accountName()) + " (" + AlertRule.label(alert.rule()) + ").",
                    Done.valueOf(past(action).toUpperCase(Locale.ROOT)))
                    // someone was first: nothing to fix, a page to reload
                    : new Outcome(ALREADY_RESOLVED, Done.ALREADY_RESOLVED);
        } catch (BadRequestException e) {
            return new Outcome(worded(e.getMessage()), true, null, field);
        }
    }

    /** The API's words for the snooze's date ("until is required: …") as the panel's field says it. */
    static String worded(String message) {
        return message == null ? null : AlertsApi.UNTIL_ON_THE_PAGE.getOrDefault(message, message);
    }

    /**
     * Whether a sentence {@link #act} answered reports something done (or nothing left to do) rather
     * than a mistake to fix: pages show the first as a status and the second as an error.
     */
    public static boolean succeeded(String sentence) {
        return sentence != null && (sentence.startsWith("Acknowledged: ") || sentence.startsWith("Snoozed: ")
                || sentence.startsWith("Resolved: ")
                || Arrays.stream(Done.values()).anyMatch(done -> done.message.equals(sentence)));
    }

    /**
     * An action's note as kept: trimmed, null when it looks empty (blank, or only characters that show as nothing,
     * such as a no-break space: it would replace the last note with nothing to read); 400 when over 2,000
     * characters (counted as characters, after trimming).
     */
    static String note(String note) {
        if (note == null || Text.looksEmpty(note)) {
            return null;
        }
        String text = note.trim();
        if (Text.characters(text) > NOTE_LIMIT) {
            throw new BadRequestException("A note is at most 2,000 characters.");
        }
        if (!Text.wellFormed(text)) { // stored, it would read "?"
            throw new BadRequestException("A note holds a lone UTF-16 surrogate (half of an emoji), which is not a"
                    + " character.");
        }
        return text;
    }

    private static String past(String action) {
        return switch (action) {
            case "acknowledge" -> "Acknowledged";
            case "snooze" -> "Snoozed";
            default -> "Resolved";
        };
    }
}
