package dev.bellwether.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.bellwether.metrics.RecalculationQueue;
import dev.bellwether.metrics.RecalculationWorker;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs an import for the current tenant, all or nothing, in one transaction:
 * <ol>
 * <li>takes the tenant's import lock (its {@code tenant} row, {@code FOR NO KEY UPDATE NOWAIT}):
 * a second import of the same tenant is refused with {@link ImportBusyException}; other tenants'
 * imports are not affected;</li>
 * <li>streams each file, in data.md's order, through {@link CsvImportReader} with COPY, checking
 * every cell and every account id on the way: the tenant's first load of a kind straight into a
 * new table that will be its partition ({@link FirstLoad}), any other into a temporary
 * {@link StagingTable};</li>
 * <li>writes each staging table into its table: a first load of a kind into the tenant's new
 * partition, into an empty table with one plain INSERT (the primary key catches repeated keys),
 * otherwise an upsert after a search for repeated keys; then attaches the first loads as the
 * tenant's partitions, which builds their keys;</li>
 * <li>if anything is wrong, rolls back and reports every problem, repeated keys of every file
 * included; otherwise records a recalculation request, marks the import applied, and commits.</li>
 * </ol>
 * If the process dies half-way, PostgreSQL rolls the transaction back; {@link ImportJanitor}
 * then marks the import failed.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
    /** Rows an import must change before the planner's statistics are refreshed. */
    private static final long STATISTICS_THRESHOLD = 10_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ImportHistory history;

    @Inject
    RecalculationQueue recalculations;

    @Inject
    RecalculationWorker worker;

    @Inject
    TenantRegistry tenants;

    @Inject
    ImportLimits limits;

    /** Runs the import; the caller keeps ownership of {@code request.uploads()}. */
    public ImportOutcome run(ImportRequest request) {
        String tenant = TenantContext.require();
        tenants.ensure(tenant);
        Uploads uploads = request.uploads();
        List<ImportFile> files = new ArrayList<>(uploads.files());
        files.sort(Comparator.comparing(ImportFile::kind));
        List<ImportRecord.FileInfo> fileInfos = files.stream()
                .map(f -> new ImportRecord.FileInfo(f.name(), f.kind().id(), f.bytes())).toList();
        Map<String, Integer> fileOrder = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileOrder.put(files.get(i).name(), i);
        }
        if (!uploads.problems().isEmpty()) {
            history.recordRejected(tenant, request, fileInfos, uploads.problems(), uploads.problems().size());
            return new ImportOutcome(request.id(), "rejected", Map.of(), Map.of(), uploads.problems(),
                    uploads.problems().size());
        }

        ImportProblems problems = new ImportProblems(limits.maxReportedErrors());
        Map<String, Long> rows = new LinkedHashMap<>();
        AtomicBoolean started = new AtomicBoolean();
        try {
            ImportOutcome outcome = QuarkusTransaction.requiringNew().timeout(limits.timeoutSeconds())
                    .call(() -> apply(tenant, request, files, fileInfos, problems, rows, started));
            afterApplied(tenant, outcome);
            return outcome;
        } catch (Rejected rejected) {
            List<ImportError> report = problems.report(fileOrder);
            history.finishUnapplied(tenant, request.id(), "rejected", rows, report, problems.total(), null);
            return new ImportOutcome(request.id(), "rejected", rows, Map.of(), report, problems.total());
        } catch (ImportTooLargeException e) {
            if (started.get()) {
                history.finishUnapplied(tenant, request.id(), "rejected", rows,
                        List.of(ImportError.ofFile(e.file(), e.getMessage())), 1, e.getMessage());
            }
            throw e;
        } catch (ImportBusyException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import %s of tenant %s failed", request.id(), tenant);
            if (started.get()) {
                history.finishUnapplied(tenant, request.id(), "failed", rows, List.of(), 0,
                        "The import failed on our side and nothing was written. Please try again; if it fails again, "
                                + "contact support with import id " + request.id() + ".");
            }
            throw e;
        }
    }

    private ImportOutcome apply(String tenant, ImportRequest request, List<ImportFile> files,
            List<ImportRecord.FileInfo> fileInfos, ImportProblems problems, Map<String, Long> rows, AtomicBoolean started) {
        try (Connection connection = dataSource.getConnection()) {
            lockTenant(connection, tenant);
            history.start(tenant, request, fileInfos);
            started.set(true);
            execute(connection, "set local work_mem = '256MB'");
            Progress progress = new Progress(tenant, request, files.stream().mapToLong(f -> Math.max(f.bytes(), 0)).sum());
            Loads loads = new Loads(connection, tenant, request, problems, accountIds(connection, tenant), progress);
            boolean headersUsable = true;
            for (ImportFile file : files) {
                progress.phase("Reading " + file.name(), -1);
                long count = loads.read(file);
                if (count < 0) {
                    headersUsable = false;
                } else {
                    rows.put(file.kind().id(), count);
                }
            }
            if (!problems.isEmpty()) {
                loads.reject(headersUsable);
            }
            Map<String, ImportRecord.Changes> changes = new LinkedHashMap<>();
            for (ImportFile file : files) {
                StagingTable table = loads.staged.get(file.kind());
                if (table == null) {
                    continue;
                }
                progress.phase("Writing " + file.kind().id(), 90);
                boolean empty = table.targetEmpty(connection, tenant);
                FirstLoad first = empty ? FirstLoad.fromStaging(connection, file.kind(), tenant, table) : null;
                if (first != null) {
                    loads.firstLoads.put(file.kind(), first);
                } else if (empty) {
                    // first load: one plain INSERT; the primary key catches a repeated key. (SQL
                    // savepoints: the JTA-enlisted connection refuses the JDBC savepoint calls.)
                    execute(connection, "savepoint first_load");
                    try {
                        changes.put(file.kind().id(), new ImportRecord.Changes(table.insertAll(connection, tenant), 0));
                        execute(connection, "release savepoint first_load");
                    } catch (SQLException e) {
                        if (!StagingTable.isDuplicateKey(e)) {
                            throw e;
                        }
                        execute(connection, "rollback to savepoint first_load");
                        loads.reject(true);
                    }
                } else {
                    table.findDuplicates(connection, problems);
                    loads.scanned.add(file.kind());
                    if (!problems.isEmpty()) {
                        loads.reject(true);
                    }
                    changes.put(file.kind().id(), table.upsert(connection, tenant));
                }
            }
            // last, so that the attach's lock on each parent table is held only until the commit
            if (!loads.firstLoads.isEmpty()) {
                execute(connection, "savepoint attach");
            }
            for (Map.Entry<ImportKind, FirstLoad> entry : loads.firstLoads.entrySet()) {
                progress.phase("Writing " + entry.getKey().id(), 90);
                try {
                    entry.getValue().attach(connection);
                } catch (SQLException e) {
                    if (!StagingTable.isDuplicateKey(e)) {
                        throw e;
                    }
                    execute(connection, "rollback to savepoint attach");
                    loads.reject(true);
                }
                changes.put(entry.getKey().id(), new ImportRecord.Changes(entry.getValue().rows(), 0));
            }
            Map<String, ImportRecord.Changes> inKindOrder = new LinkedHashMap<>();
            for (ImportFile file : files) {
                inKindOrder.put(file.kind().id(), changes.get(file.kind().id()));
            }
            long recalculation = recalculations.request(connection, tenant, "import");
            history.finishApplied(connection, tenant, request.id(), rows, inKindOrder, recalculation);
            LOG.infof("Import %s of tenant %s applied: %s", request.id(), tenant, progress.timings());
            return new ImportOutcome(request.id(), "applied", rows, inKindOrder, List.of(), 0);
        } catch (SQLException e) {
            throw new IllegalStateException("Import " + request.id() + " failed in the database", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where an import's files went: a tenant's first load of a kind straight into its new partition
     * ({@link FirstLoad}), any other into a {@link StagingTable} to be upserted from.
     */
    private final class Loads {
        private final Connection connection;
        private final String tenant;
        private final ImportRequest request;
        private final ImportProblems problems;
        private final Set<String> accounts;
        private final Progress progress;
        private final Map<ImportKind, ImportFile> files = new EnumMap<>(ImportKind.class);
        final Map<ImportKind, StagingTable> staged = new EnumMap<>(ImportKind.class);
        final Map<ImportKind, FirstLoad> firstLoads = new EnumMap<>(ImportKind.class);
        /** The kinds whose repeated keys are already among the problems. */
        final Set<ImportKind> scanned = EnumSet.noneOf(ImportKind.class);

        Loads(Connection connection, String tenant, ImportRequest request, ImportProblems problems, Set<String> accounts,
                Progress progress) {
            this.connection = connection;
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
        long read(ImportFile file) throws SQLException, IOException {
            files.put(file.kind(), file);
            FirstLoad first = file.rereadable() ? FirstLoad.open(connection, file.kind(), tenant) : null;
            if (first != null) {
                firstLoads.put(file.kind(), first);
                return stream(file, first, problems, true);
            }
            StagingTable table = StagingTable.open(connection, file.kind(), file.name());
            staged.put(file.kind(), table);
            return stream(file, table, problems, true);
        }

        private long stream(ImportFile file, RowSink sink, ImportProblems into, boolean counted) throws IOException {
            try (sink; InputStream data = file.data().open(); InputStream in = counted ? progress.counting(data) : data) {
                long count = new CsvImportReader(file.name(), file.kind(), into, accounts).read(in, sink);
                sink.finish();
                return count;
            }
        }

        /**
         * Completes the list of problems with every repeated key of every file (when the headers
         * could be read), then rolls the import back.
         */
        void reject(boolean headersUsable) throws SQLException, IOException {
            if (headersUsable) {
                progress.phase("Listing the problems", 95);
                for (Map.Entry<ImportKind, StagingTable> entry : staged.entrySet()) {
                    if (scanned.add(entry.getKey())) {
                        entry.getValue().findDuplicates(connection, problems);
                    }
                }
                for (Map.Entry<ImportKind, FirstLoad> entry : firstLoads.entrySet()) {
                    if (scanned.add(entry.getKey()) && entry.getValue().hasRepeatedKeys(connection)) {
                        // a first load keeps no line numbers: the file is read again, into a staging
                        // table, for the lines of its repeated keys (its other problems are known)
                        ImportFile file = files.get(entry.getKey());
                        StagingTable table = StagingTable.open(connection, file.kind(), file.name());
                        stream(file, table, new ImportProblems(problems.limit()), false);
                        table.findDuplicates(connection, problems);
                    }
                }
            }
            LOG.infof("Import %s of tenant %s rejected: %s", request.id(), tenant, progress.timings());
            throw new Rejected();
        }
    }

    /** The ids of the tenant's accounts, which rows of the other kinds must name. */
    private static Set<String> accountIds(Connection connection, String tenant) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("select account_id from account where tenant_id = ?")) {
            statement.setString(1, tenant);
            statement.setFetchSize(10_000);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
        }
        return ids;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * After a commit: the recalculation worker woken, after fresh planner statistics when the
     * import changed many rows (the engine's queries then get the right plans at once). The worker
     * refreshes them in its own thread, so the import answers without waiting.
     */
    private void afterApplied(String tenant, ImportOutcome outcome) {
        long changed = outcome.changes().values().stream().mapToLong(c -> c.inserted() + c.updated()).sum();
        if (changed >= STATISTICS_THRESHOLD) {
            worker.wakeAfterLargeImport(tenant);
        } else {
            worker.wake();
        }
    }

    /** Takes the tenant's import lock for the rest of the transaction, or refuses at once. */
    private static void lockTenant(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select 1 from tenant where id = ? for no key update nowait")) {
            statement.setString(1, tenant);
            statement.execute();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new ImportBusyException();
            }
            throw e;
        }
    }

    /** The import was refused; its problems are in the caller's {@link ImportProblems}. */
    private static final class Rejected extends RuntimeException {
        Rejected() {
            super("rejected", null, false, false);
        }
    }

    /** Reports progress to the import's row at most twice a second. */
    private final class Progress {
        private final String tenant;
        private final ImportRequest request;
        private final long totalBytes;
        private long readBytes;
        private String phase = "Starting";
        private long lastReport;

        Progress(String tenant, ImportRequest request, long totalBytes) {
            this.tenant = tenant;
            this.request = request;
            this.totalBytes = totalBytes;
        }

        private final StringBuilder timings = new StringBuilder();
        private long phaseStarted = System.nanoTime();

        void phase(String name, int percent) {
            lap();
            phase = name;
            report(percent, true);
        }

        /** How long each phase took, for the log: "Reading usage.csv 8.1 s, …". */
        String timings() {
            lap();
            return timings.toString();
        }

        private void lap() {
            long now = System.nanoTime();
            if (!phase.equals("Starting")) {
                timings.append(timings.isEmpty() ? "" : ", ").append(phase).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.2f s", (now - phaseStarted) / 1e9));
            }
            phaseStarted = now;
        }

        InputStream counting(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        readBytes += n;
                        report(-1, false);
                    }
                    return n;
                }
            };
        }

        private void report(int percent, boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastReport < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastReport = now;
            int value = percent >= 0 ? percent
                    : totalBytes > 0 ? (int) Math.min(80, readBytes * 80 / totalBytes) : 0;
            history.progress(tenant, request.id(), phase, value);
        }
    }
}
