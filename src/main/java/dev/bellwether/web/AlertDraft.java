package dev.bellwether.web;

/**
 * An alert's action form as it was sent when it was refused (a snooze without its date): the page answered in its
 * place shows it again as typed, its note above all, rather than empty. htmx keeps a refused form's fields itself
 * (app.js); a form posted before htmx loaded, or without JavaScript, gets the whole page, which only this carries.
 * {@link #NONE} for every other alert, and for every page that answers no refusal.
 */
public record AlertDraft(long alertId, String action, String note, String until, String field) {

    public static final AlertDraft NONE = new AlertDraft(0, "", "", "", "");

    /** The form of {@code alertId} as refused, {@code field} at fault ({@code action}, {@code until}, {@code note}). */
    public static AlertDraft of(long alertId, AlertActionForm form, String field) {
        return new AlertDraft(alertId, orEmpty(form.action()), orEmpty(form.note()), orEmpty(form.until()),
                orEmpty(field));
    }

    /**
     * Whether {@code name} is the field at fault: the form marks it, ties it to the panel's message (which on the
     * CSM page sits above many alerts' forms) and puts the focus in it.
     */
    public boolean faulty(String name) {
        return field.equals(name);
    }

    /**
     * Whether this is a refused form's (not {@link #NONE}): the form is marked {@code data-refused}, so that a panel
     * reloaded before it is sent again (new figures, a filter changed) keeps what it holds (app.js).
     */
    public boolean refused() {
        return !field.isEmpty();
    }

    /** What the form of the alert {@code id} shows: this when it was that alert's, else nothing typed. */
    public AlertDraft of(long id) {
        return id == alertId ? this : NONE;
    }

    /** Whether {@code option} was the action chosen. */
    public boolean chose(String option) {
        return action.equals(option);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
