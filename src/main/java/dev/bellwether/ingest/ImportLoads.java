package dev.bellwether.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.bellwether.platform.sql.LoggedActivities;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;

/**
 * Where an import's files went and how they reach their tables, on the import's connection: a
 * tenant's first load of a kind straight into its new partition ({@link FirstLoad}), any other into
 * a {@link StagingTable}, compared with the stored rows, and only its new and changed rows written
 * (a small file of new rows only is inserted without comparing it).
 * A refusal lists every problem, then throws {@link Rejected}. What was written is gathered in a
 * {@link ChangedScope} for the recalculation.
 */
final class ImportLoads {

    private static final Logger LOG = Logger.getLogger(ImportLoads.class);

    /** The import was refused; its problems are in the caller's {@link ImportProblems}. */
    static final class Rejected extends RuntimeException {
        Rejected() {
            super("rejected", null, false, false);
        }
    }

    private final Connection connection;
    private final String tenant;
    private final ImportRequest request;
    private final ImportProblems problems;
    private final Set<String> accounts;
    private final ImportProgress progress;
    private final Map<ImportKind, ImportFile> files = new EnumMap<>(ImportKind.class);
    private final Map<ImportKind, StagingTable> staged = new EnumMap<>(ImportKind.class);
    private final Map<ImportKind, FirstLoad> firstLoads = new EnumMap<>(ImportKind.class);
    private final DateBounds dates;
    private final ChangedScope scope = new ChangedScope();

    /** The kinds whose file could not be read (header unusable, or not CSV from some line on). */
    private final Set<ImportKind> unreadable = EnumSet.noneOf(ImportKind.class);

    /**
     * Files with a header and no rows, when the import holds several files (null otherwise: each is then a
     * problem of its own); {@link ImportService} refuses them only if nothing else in the import has data.
     */
    private final List<ImportError> headerOnly;

    /** The kinds whose file held a header and no rows (accepted beside other files): nothing to write. */
    private final Set<ImportKind> noRows = EnumSet.noneOf(ImportKind.class);

    /** The kinds whose repeated keys are already among the problems. */
    private final Set<ImportKind> scanned = EnumSet.noneOf(ImportKind.class);

    ImportLoads(Connection connection, String tenant, ImportRequest request, ImportProblems problems,
            Set<String> accounts, ImportProgress progress, DateBounds dates) {
        this.headerOnly = request.uploads().files().size() > 1 || request.uploads().holdsExportJson()
                ? new ArrayList<>() : null;
        this.connection = connection;
        this.dates = dates;
        this.tenant = tenant;
        this.request = request;
        this.problems = problems;
        this.accounts = accounts;
        this.progress = progress;
    }

    /**
     * Streams the file into its load; answers its row count, or -1 when its header is unusable.
     * A first load needs a file it can read again (for the lines of repeated keys, should there
     * be any); a request body that streams in goes through staging.
     */
    long read(ImportFile file) throws IOException {
        files.put(file.kind(), file);
        if (file.rereadable()) {
            Sql.execute(connection, "savepoint first_load");
            FirstLoad first = FirstLoad.open(connection, file.kind(), tenant);
            if (first != null) {
                long count = stream(file, first, problems, true);
                if (count == 0) {
                    // a header alone opens no partition: the kind's first file with rows still loads whole
                    Sql.execute(connection, "rollback to savepoint first_load");
                    noRows.add(file.kind());
                    return 0;
                }
                firstLoads.put(file.kind(), first);
                scope.everything();
                Sql.execute(connection, "release savepoint first_load");
                return count;
            }
            Sql.execute(connection, "release savepoint first_load"); // the kind has its partition: staging
        }
        StagingTable table = StagingTable.open(connection, file.kind(), file.name(),
                !StagingTable.noneStored(connection, file.kind(), tenant));
        staged.put(file.kind(), table);
        long count = stream(file, table, problems, true);
        if (count == 0) {
            noRows.add(file.kind());
        }
        return count;
    }

    private long stream(ImportFile file, RowSink sink, ImportProblems into, boolean counted) throws IOException {
        try (sink; InputStream data = file.data().open(); InputStream in = counted ? progress.counting(data) : data) {
            long count = new CsvImportReader(file.name(), file.kind(), into,
                    unreadable.contains(ImportKind.ACCOUNTS) ? null : accounts, dates).holdingHeaderOnly(headerOnly)
                    .read(in, sink);
            sink.finish();
            if (count < 0) {
                unreadable.add(file.kind());
            }
            return count;
        }
    }

    /**
     * Writes every staged file into its table, then attaches the first loads as the tenant's
     * partitions; answers what each kind's table got, in the order of {@code inOrder}.
     */
    Map<String, ImportRecord.Changes> write(List<ImportFile> inOrder) throws IOException {
        Map<String, ImportRecord.Changes> changes = new LinkedHashMap<>();
        for (ImportFile file : inOrder) {
            StagingTable table = staged.get(file.kind());
            if (noRows.contains(file.kind())) {
                changes.put(file.kind().id(), new ImportRecord.Changes(0, 0)); // a header alone changes nothing
            } else if (table != null) {
                write(file.kind(), table, changes);
            }
        }
        // last, so that the attach's lock on each parent table is held only until the commit
        if (!firstLoads.isEmpty()) {
            Sql.execute(connection, "savepoint attach");
        }
        for (Map.Entry<ImportKind, FirstLoad> entry : firstLoads.entrySet()) {
            progress.phase("Writing " + entry.getKey().id(), 90);
            try {
                entry.getValue().attach(connection);
            } catch (SqlException e) {
                if (!StagingTable.isDuplicateKey(e)) {
                    throw e;
                }
                Sql.execute(connection, "rollback to savepoint attach");
                reject();
            }
            changes.put(entry.getKey().id(), new ImportRecord.Changes(entry.getValue().rows(), 0));
        }
        Map<String, ImportRecord.Changes> inKindOrder = new LinkedHashMap<>();
        for (ImportFile file : inOrder) {
            inKindOrder.put(file.kind().id(), changes.get(file.kind().id()));
        }
        return inKindOrder;
    }

    private void write(ImportKind kind, StagingTable table, Map<String, ImportRecord.Changes> changes)
            throws IOException {
        boolean empty = table.targetEmpty();
        if (empty) {
            progress.phase("Writing " + kind.id(), 90);
            scope.everything();
        }
        FirstLoad first = empty ? FirstLoad.fromStaging(connection, kind, tenant, table) : null;
        if (first != null) {
            firstLoads.put(kind, first);
        } else if (empty) {
            // first load: one plain INSERT; the primary key catches a repeated key
            long inserted = table.insertIfAllNew(connection, tenant);
            if (inserted < 0) {
                reject();
            }
            changes.put(kind.id(), new ImportRecord.Changes(inserted, 0));
        } else if (problems.isEmpty() && table.small(connection, tenant) && writeIfAllNew(kind, table, changes)) {
            scanned.add(kind); // the primary key took every row: no key repeats
        } else {
            progress.phase("Comparing " + kind.id(), 90);
            StagedComparison comparison = table.compare(connection, tenant);
            if (comparison.repeats()) {
                table.findDuplicates(connection, problems);
                if (problems.isEmpty()) {
                    throw new IllegalStateException("A key of " + kind.id() + " repeats but none was listed");
                }
            }
            scanned.add(kind);
            if (!problems.isEmpty()) {
                reject();
            }
            if (comparison.unchanged()) {
                changes.put(kind.id(), new ImportRecord.Changes(0, 0));
            } else {
                progress.phase("Writing " + kind.id(), 90);
                changes.put(kind.id(), table.apply(connection, tenant));
                table.addTo(connection, scope);
                addLoggedActivitiesCopied(kind, table);
            }
        }
    }

    /** A small file's rows inserted without comparing them, when every one is new; false when nothing was written. */
    private boolean writeIfAllNew(ImportKind kind, StagingTable table, Map<String, ImportRecord.Changes> changes) {
        progress.phase("Inserting " + kind.id(), 90);
        long inserted = table.insertIfAllNew(connection, tenant);
        if (inserted < 0) {
            return false;
        }
        changes.put(kind.id(), new ImportRecord.Changes(inserted, 0));
        table.addInsertedTo(connection, scope);
        addLoggedActivitiesCopied(kind, table);
        return true;
    }

    /**
     * An imported copy of a logged activity (an export's {@code note-<id>}, docs/export.md) hides the logged one,
     * which may be dated otherwise or sit on another account: the months between the two dates changed too, so both
     * accounts count from the first month.
     */
    private void addLoggedActivitiesCopied(ImportKind kind, StagingTable table) {
        if (kind == ImportKind.ACTIVITIES) {
            scope.addEveryMonth(Sql.query(connection, "select distinct unnest(array[n.account_id::text,"
                    + " s.account_id::text]) as account_id from account_note n join " + table.name() + " s"
                    + " on s.activity_id = '" + LoggedActivities.PREFIX + "' || n.id::text",
                    row -> row.string("account_id")));
        }
    }

    /** What the written files changed, for the recalculation (complete once {@link #write} has run). */
    ChangedScope scope() {
        return scope;
    }

    /** The files read so far that held a header and no rows, in an import of several files. */
    List<ImportError> headerOnly() {
        return headerOnly == null ? List.of() : headerOnly;
    }

    /**
     * Completes the list of problems with every repeated key of every file that could be read,
     * then rolls the import back.
     */
    void reject() throws IOException {
        progress.phase("Listing the problems", 95);
        for (Map.Entry<ImportKind, StagingTable> entry : staged.entrySet()) {
            if (!unreadable.contains(entry.getKey()) && scanned.add(entry.getKey())) {
                entry.getValue().findDuplicates(connection, problems);
            }
        }
        for (Map.Entry<ImportKind, FirstLoad> entry : firstLoads.entrySet()) {
            if (!unreadable.contains(entry.getKey()) && scanned.add(entry.getKey())
                    && (entry.getValue().hasRepeatedKeys(connection) || entry.getValue().hadInvalidRows())) {
                    // a first load keeps no line numbers and no failed row: the file is read again, into a
                    // staging table, for the lines of its repeated keys (its other problems are known)
                ImportFile file = files.get(entry.getKey());
                StagingTable table = StagingTable.open(connection, file.kind(), file.name(), false);
                stream(file, table, new ImportProblems(problems.limit()), false);
                table.findDuplicates(connection, problems);
            }
        }
        LOG.infof("Import %s of tenant %s rejected: %s", request.id(), tenant, progress.timings());
        throw new Rejected();
    }
}
