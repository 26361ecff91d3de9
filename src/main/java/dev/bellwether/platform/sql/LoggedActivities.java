package dev.bellwether.platform.sql;

/**
 * Activities logged in the app (rows of {@code account_note} of every type but note) and their copies. An
 * export writes each logged activity as an imported one, {@code activity_id} {@value #PREFIX}{@code <note id>}
 * (docs/export.md); imported back into the same organisation, that copy sits beside the logged activity it
 * came from. Each is counted, exported and shown once, through these conditions. A copy moved to another account
 * (the file edited before it came back) stands for the activity there: the logged one no longer counts nor is
 * exported, or the next export would hold its {@code activity_id} twice and could not be imported.
 */
public final class LoggedActivities {

    /** The {@code activity_id} an export gives a logged activity: this prefix and the note's id. */
    public static final String PREFIX = "note-";

    /** In a query over {@code account_note} (not aliased): the logged activity has no imported copy, on any account. */
    public static final String NOT_IMPORTED = """
            not exists (select 1 from activity copy where copy.tenant_id = account_note.tenant_id
                        and copy.activity_id = '%s' || account_note.id::text)""".formatted(PREFIX);

    /**
     * In a query over {@code account_note} (not aliased) that lists an account's activities: the logged activity
     * has no imported copy on another account. The copy moved there stands for it, and is listed there; one on
     * the same account is left out of the list by {@link #NOT_A_COPY} instead, so each is shown once.
     */
    public static final String NOT_MOVED = """
            not exists (select 1 from activity copy where copy.tenant_id = account_note.tenant_id
                        and copy.activity_id = '%s' || account_note.id::text
                        and copy.account_id <> account_note.account_id)""".formatted(PREFIX);

    /** In a query over {@code activity} (not aliased): the row is not the copy of a logged activity still there. */
    public static final String NOT_A_COPY = """
            not exists (select 1 from account_note logged where logged.tenant_id = activity.tenant_id
                        and logged.account_id = activity.account_id
                        and '%s' || logged.id::text = activity.activity_id)""".formatted(PREFIX);

    private LoggedActivities() {
    }
}
