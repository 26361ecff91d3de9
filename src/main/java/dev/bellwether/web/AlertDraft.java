package dev.bellwether.web;

/**
 * An alert's action form as it was sent when it was refused (a snooze without its date): the page answered in its
 * place shows it again as typed, its note above all, rather than empty. htmx keeps a refused form's fields itself
 * (app.js); a form posted before htmx loaded, or without JavaScript, gets the whole page, which only this carries.
 * {@link #NONE} for every other alert, and for every page that answers no refusal.
 */
public record AlertDraft(long alertId, String action, String note, String until) {

    public static final AlertDraft NONE = new AlertDraft(0, "", "", "");

    /** The form of {@code alertId} as refused. */
    public static AlertDraft of(long alertId, AlertActionForm form) {
        return new AlertDraft(alertId, orEmpty(form.action()), orEmpty(form.note()), orEmpty(form.until()));
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
