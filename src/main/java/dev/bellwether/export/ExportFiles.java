package dev.bellwether.export;

import java.util.List;
import java.util.Set;

import dev.bellwether.ingest.Column;
import dev.bellwether.ingest.ImportKind;
import dev.bellwether.platform.sql.LoggedActivities;

/**
 * What goes into an export zip, file by file: for each of the seven import kinds the queries whose
 * rows make its CSV, with the kind's own header (so the importer reads the file back unchanged), and
 * the notes file. Every query selects its columns under their header names, as text the importer
 * accepts: dates {@code YYYY-MM-DD}, months {@code YYYY-MM}, money without trailing zeros, booleans
 * {@code true}/{@code false}; timestamps are read as instants and written in ISO-8601 UTC
 * ({@link #TIMESTAMPS}). Each query names its tenant ({@code tenant_id = ?}, the key's first column,
 * so it reads in key order) on top of row-level security, and is read through a cursor.
 */
final class ExportFiles {

    /** The file holding every note and logged activity with its text (not an import format). */
    static final String NOTES = "notes.csv";

    /** The file holding the health model in use, as {@code GET /api/v1/health-model} answers it. */
    static final String HEALTH_MODEL = "health-model.json";

    /** The file holding the organisation's settings, as {@code GET /api/v1/settings} answers them. */
    static final String SETTINGS = "settings.json";

    /** Columns read as instants and written as ISO-8601 UTC ({@code 2026-03-01T14:05:00Z}). */
    static final Set<String> TIMESTAMPS = Set.of("opened_at", "first_response_at", "resolved_at", "created_at");

    /**
     * One file of the zip: its name, its header and the queries whose rows it holds, in order. A file that is
     * {@code read} by people rather than imported again has text cells neutralised for spreadsheets.
     */
    record File(String name, List<String> header, List<String> queries, boolean read) {
        File(String name, List<String> header, List<String> queries) {
            this(name, header, queries, false);
        }
    }

    private ExportFiles() {
    }

    /** The eight CSV files, in the order an import applies the kinds, notes last. */
    static List<File> all() {
        return List.of(
                kind(ImportKind.ACCOUNTS, """
                        select account_id, name, segment, industry, plan, csm_email,
                               to_char(customer_since, 'YYYY-MM-DD') as customer_since,
                               to_char(renewal_date, 'YYYY-MM-DD') as renewal_date, licensed_seats,
                               to_char(first_value_date, 'YYYY-MM-DD') as first_value_date
                        from account where tenant_id = ? order by account_id"""),
                kind(ImportKind.MRR, """
                        select account_id, to_char(month, 'YYYY-MM') as month, trim_scale(mrr)::text as mrr
                        from mrr where tenant_id = ? order by account_id, month"""),
                kind(ImportKind.USAGE, """
                        select account_id, user_id, to_char(day, 'YYYY-MM-DD') as date, feature, events
                        from product_usage where tenant_id = ? order by account_id, day, user_id, feature"""),
                kind(ImportKind.SURVEYS, """
                        select response_id, account_id, to_char(responded_at, 'YYYY-MM-DD') as responded_at, type,
                               score, comment
                        from survey_response where tenant_id = ? order by response_id"""),
                kind(ImportKind.TICKETS, """
                        select ticket_id, account_id, opened_at, first_response_at, resolved_at, priority,
                               resolved_on_first_contact::text as resolved_on_first_contact
                        from ticket where tenant_id = ? order by ticket_id"""),
                // the imported activities, then those logged in the app (every note type but 'note'),
                // which the engine counts beside them (FactsLoader): as imported activities they count the same
                kind(ImportKind.ACTIVITIES, """
                        select activity_id, account_id, to_char(occurred_at, 'YYYY-MM-DD') as occurred_at, type,
                               csm_email
                        from activity where tenant_id = ? order by activity_id""", """
                        select '%s' || id as activity_id, account_id,
                               to_char(occurred_at, 'YYYY-MM-DD') as occurred_at, type, csm_email
                        from account_note where tenant_id = ? and type <> 'note' and %s order by id"""
                        .formatted(LoggedActivities.PREFIX, LoggedActivities.NOT_IMPORTED)),
                kind(ImportKind.OPPORTUNITIES, """
                        select opportunity_id, account_id, type, trim_scale(amount)::text as amount, stage,
                               to_char(close_date, 'YYYY-MM-DD') as close_date
                        from opportunity where tenant_id = ? order by opportunity_id"""),
                new File(NOTES, List.of("note_id", "account_id", "type", "occurred_at", "body", "attendees",
                        "csm_email", "author", "author_name", "created_at"), List.of("""
                        select id::text as note_id, account_id, type, to_char(occurred_at, 'YYYY-MM-DD') as occurred_at,
                               body, attendees, csm_email, author, author_name, created_at
                        from account_note where tenant_id = ? order by created_at, id"""), true));
    }

    private static File kind(ImportKind kind, String... queries) {
        return new File(kind.fileName(), kind.columns().stream().map(Column::name).toList(), List.of(queries));
    }
}
