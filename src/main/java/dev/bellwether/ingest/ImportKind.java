package dev.bellwether.ingest;

import static dev.bellwether.ingest.Column.optional;
import static dev.bellwether.ingest.Column.required;
import static dev.bellwether.ingest.Column.requiredChoice;
import static dev.bellwether.ingest.ValueType.ACCOUNT_ID;
import static dev.bellwether.ingest.ValueType.BOOLEAN;
import static dev.bellwether.ingest.ValueType.COUNT;
import static dev.bellwether.ingest.ValueType.DATE;
import static dev.bellwether.ingest.ValueType.EMAIL;
import static dev.bellwether.ingest.ValueType.FEATURE;
import static dev.bellwether.ingest.ValueType.ID;
import static dev.bellwether.ingest.ValueType.INTEGER;
import static dev.bellwether.ingest.ValueType.MONEY;
import static dev.bellwether.ingest.ValueType.MONTH;
import static dev.bellwether.ingest.ValueType.SEGMENT;
import static dev.bellwether.ingest.ValueType.TEXT;
import static dev.bellwether.ingest.ValueType.TIMESTAMP;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The seven import formats of docs/imports.md, in the order an import applies them: accounts first, so a
 * new account and its data can arrive together.
 */
public enum ImportKind {

    ACCOUNTS("accounts", "account", List.of("account_id"),
            required("account_id", ACCOUNT_ID),
            required("name", TEXT),
            optional("segment", SEGMENT).absentAs("Unsegmented"),
            optional("industry", TEXT),
            optional("plan", TEXT),
            optional("csm_email", EMAIL),
            required("customer_since", DATE),
            optional("renewal_date", DATE).mayLieAhead(),
            optional("licensed_seats", COUNT),
            optional("first_value_date", DATE)),

    MRR("mrr", "mrr", List.of("account_id", "month"),
            required("account_id", ID),
            required("month", MONTH),
            required("mrr", MONEY)),

    USAGE("usage", "product_usage", List.of("account_id", "user_id", "day", "feature"),
            required("account_id", ID),
            required("user_id", ID),
            required("date", DATE).storedAs("day"),
            optional("feature", FEATURE).absentAs("(none)").bytewise(),
            required("events", COUNT)),

    SURVEYS("surveys", "survey_response", List.of("response_id"),
            required("response_id", ID),
            required("account_id", ID),
            required("responded_at", DATE),
            requiredChoice("type", "NPS", "CSAT", "CES"),
            required("score", INTEGER),
            optional("comment", TEXT)),

    TICKETS("tickets", "ticket", List.of("ticket_id"),
            required("ticket_id", ID),
            required("account_id", ID),
            required("opened_at", TIMESTAMP),
            optional("first_response_at", TIMESTAMP),
            optional("resolved_at", TIMESTAMP),
            optional("priority", TEXT),
            optional("resolved_on_first_contact", BOOLEAN)),

    ACTIVITIES("activities", "activity", List.of("activity_id"),
            required("activity_id", ID),
            required("account_id", ID),
            required("occurred_at", DATE),
            requiredChoice("type", "QBR", "call", "email", "meeting", "training", "onboarding"),
            optional("csm_email", EMAIL)),

    OPPORTUNITIES("opportunities", "opportunity", List.of("opportunity_id"),
            required("opportunity_id", ID),
            required("account_id", ID),
            requiredChoice("type", "expansion", "renewal"),
            required("amount", MONEY),
            requiredChoice("stage", "open", "won", "lost"),
            optional("close_date", DATE).mayLieAhead());

    private final String id;
    private final String table;
    private final List<String> key;
    private final List<Column> columns;

    ImportKind(String id, String table, List<String> key, Column... columns) {
        this.id = id;
        this.table = table;
        this.key = key;
        this.columns = List.of(columns);
    }

    /** The kind's name in the API and in file names: {@code accounts}, {@code mrr}, … */
    public String id() {
        return id;
    }

    public String fileName() {
        return id + ".csv";
    }

    /** The table the kind is upserted into. */
    public String table() {
        return table;
    }

    /** The upsert key's database columns (besides {@code tenant_id}). */
    public List<String> key() {
        return key;
    }

    public List<Column> columns() {
        return columns;
    }

    /**
     * Of a row's values in the kind's column order, only its upsert key's (the others null); null when a key
     * cell has no value (it was refused).
     */
    String[] keyCells(String[] values) {
        String[] key = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            if (this.key.contains(columns.get(i).sqlName())) {
                if (values[i] == null) {
                    return null;
                }
                key[i] = values[i];
            }
        }
        return key;
    }

    /** Whether each row's {@code account_id} must name a known account. */
    public boolean referencesAccounts() {
        return this != ACCOUNTS;
    }

    /**
     * Whether the kind's table has one partition per tenant, so a tenant's first load can COPY
     * into a new table ({@link FirstLoad}). Accounts are not: they are few, and the pages join them.
     */
    public boolean partitionedByTenant() {
        return this != ACCOUNTS;
    }

    /**
     * Whether a row of this kind counts in every month of its account, not from a date on: an account's
     * attributes (segment, CSM, seats, dates) and an opportunity (an open expansion is pipeline in every
     * month). A change to one is recalculated from the tenant's first month for that account; a change to
     * any other kind from the month of the earliest date it touched.
     */
    public boolean countsInEveryMonth() {
        return this == ACCOUNTS || this == OPPORTUNITIES;
    }

    /** The kind a file of this name holds: {@code <kind>.csv}, case-insensitive. */
    public static Optional<ImportKind> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.fileName().equals(lower)).findFirst();
    }

    public static Optional<ImportKind> ofId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id)).findFirst();
    }

    /** Every kind's id, for messages: {@code accounts, mrr, …} (the path of {@code POST /api/v1/imports/{kind}}). */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ImportKind::id).toList());
    }

    /** Every accepted file name, for messages: {@code accounts.csv, mrr.csv, …}. */
    public static String fileNames() {
        return String.join(", ", Arrays.stream(values()).map(ImportKind::fileName).toList());
    }

    /** The header row of an empty file of this kind, for the template downloads. */
    public String headerLine() {
        return String.join(",", columns.stream().map(Column::name).toList());
    }

    /**
     * Rules that span cells of one row: survey score ranges by type, ticket timestamps not before
     * the ticket was opened. {@code values} are the staged values in column order. Every problem of the row
     * is answered (a ticket answered and resolved before it was opened has two).
     */
    List<CellProblem> checkRow(String[] values) {
        switch (this) {
            case SURVEYS -> {
                String type = values[3];
                String score = values[4];
                if (type != null && score != null) {
                    int s = Integer.parseInt(score);
                    int[] range = switch (type) {
                        case "NPS" -> new int[] { 0, 10 };
                        case "CSAT" -> new int[] { 1, 5 };
                        default -> new int[] { 1, 7 };
                    };
                    if (s < range[0] || s > range[1]) {
                        return List.of(new CellProblem(4, "is out of range: " + type
                                + " scores are whole numbers from "
                                + range[0] + " to " + range[1]));
                    }
                }
            }
            case TICKETS -> {
                String opened = values[2];
                if (opened != null) {
                    return IntStream.of(3, 4)
                            .filter(i -> values[i] != null && values[i].compareTo(opened) < 0)
                            .mapToObj(i -> new CellProblem(i, "is earlier than opened_at on the same row")).toList();
                }
            }
            default -> {
            }
        }
        return List.of();
    }

    /** A problem with the cell in column {@code index} of a row. */
    record CellProblem(int index, String message) {
    }
}
