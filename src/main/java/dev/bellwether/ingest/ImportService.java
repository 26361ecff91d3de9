package dev.bellwether.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;
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
 * <li>streams each file, in docs/imports.md's order, through {@link CsvImportReader} with COPY, checking
 * every cell and every account id on the way: the tenant's first load of a kind straight into a
 * new table that will be its partition ({@link FirstLoad}), any other into a temporary
 * {@link StagingTable};</li>
 * <li>writes each staging table into its table ({@link ImportLoads}): a first load of a kind into the
 * tenant's new partition, into an empty table with one plain INSERT (the primary key catches repeated
 * keys), otherwise an upsert after a search for repeated keys; then attaches the first loads as the
 * tenant's partitions, which builds their keys;</li>
 * <li>if anything is wrong, rolls back and reports every problem, repeated keys of every file
 * included; otherwise announces {@link RecalculationRequested} (its observer records the request in
 * this transaction and wakes the engine after the commit), marks the import applied, and commits.</li>
 * </ol>
 * If the process dies half-way, PostgreSQL rolls the transaction back; {@link ImportJanitor}
 * then marks the import failed.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    /** Rows an import must change before the planner's statistics are refreshed. */
    private static final long STATISTICS_THRESHOLD = 10_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ImportHistory history;

    @Inject
    Event<RecalculationRequested> recalculations;

    @Inject
    TenantRegistry tenants;

    @Inject
    ImportLimits limits;

    @Inject
    Clock clock;

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
            history.recordRejected(request, fileInfos, uploads.problems(), uploads.problems().size());
            return new ImportOutcome(request.id(), ImportStatus.REJECTED, Map.of(), Map.of(), uploads.problems(),
                    uploads.problems().size());
        }

        ImportProblems problems = new ImportProblems(limits.maxReportedErrors());
        Map<String, Long> rows = new LinkedHashMap<>();
        AtomicBoolean started = new AtomicBoolean();
        try {
            return QuarkusTransaction.requiringNew().timeout(limits.timeoutSeconds())
                    .call(() -> apply(tenant, request, files, fileInfos, problems, rows, started));
        } catch (ImportLoads.Rejected rejected) {
            List<ImportError> report = problems.report(fileOrder);
            history.finishUnapplied(request.id(), ImportStatus.REJECTED, rows, report, problems.total(), null);
            return new ImportOutcome(request.id(), ImportStatus.REJECTED, rows, Map.of(), report, problems.total(),
                    problems.groups());
        } catch (ImportTooLargeException e) {
            if (started.get()) {
                history.finishUnapplied(request.id(), ImportStatus.REJECTED, rows,
                        List.of(ImportError.ofFile(e.file(), e.getMessage())), 1, e.getMessage());
            }
            throw e;
        } catch (ImportBusyException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import %s of tenant %s failed", request.id(), tenant);
            if (started.get()) {
                history.finishUnapplied(request.id(), ImportStatus.FAILED, rows, List.of(), 0,
                        "The import failed on our side and nothing was written. Please try again; if it fails again, "
                                + "contact support with import id " + request.id() + ".");
            }
            throw e;
        }
    }

    private ImportOutcome apply(String tenant, ImportRequest request, List<ImportFile> files,
            List<ImportRecord.FileInfo> fileInfos, ImportProblems problems, Map<String, Long> rows,
            AtomicBoolean started) {
        try (Connection connection = dataSource.getConnection()) {
            lockTenant(connection, tenant);
            history.start(request, fileInfos);
            started.set(true);
            Sql.execute(connection, "set local work_mem = '256MB'");
            ImportProgress progress = new ImportProgress(history, request,
                    files.stream().mapToLong(f -> Math.max(f.bytes(), 0)).sum());
            ImportLoads loads = new ImportLoads(connection, tenant, request, problems, accountIds(connection, tenant),
                    progress, DateBounds.on(Clocks.today(clock)));
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
            Optional<Narrowing> narrowing = narrowing(connection, tenant, files);
            Map<String, ImportRecord.Changes> changes = loads.write(files);
            long changed = changes.values().stream().mapToLong(c -> c.inserted() + c.updated()).sum();
            // the observer records the request in this transaction and wakes the engine after the commit,
            // after fresh planner statistics when the import changed many rows
            RecalculationRequested requested = new RecalculationRequested(tenant, "import",
                    changed >= STATISTICS_THRESHOLD);
            narrowing.ifPresent(n -> requested.changed(n.from(), n.accounts()));
            recalculations.fire(requested);
            history.finishApplied(request.id(), rows, changes, requested.requestId());
            LOG.infof("Import %s of tenant %s applied: %s", request.id(), tenant, progress.timings());
            return new ImportOutcome(request.id(), ImportStatus.APPLIED, rows, changes, List.of(), 0);
        } catch (SQLException | SqlException e) {
            throw new IllegalStateException("Import " + request.id() + " failed in the database", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What an import changes, for an incremental recalculation: the first month of dated facts, the accounts. */
    private record Narrowing(YearMonth from, Set<String> accounts) {
    }

    /** Per dated kind: the date that places a row in a month, of a table alias ({@code %1$s}). */
    private static final Map<ImportKind, String> DATED = new EnumMap<>(Map.of(ImportKind.MRR, "%1$s.month",
            ImportKind.USAGE, "%1$s.day", ImportKind.SURVEYS, "%1$s.responded_at",
            ImportKind.TICKETS, "(%1$s.opened_at at time zone 'UTC')::date",
            ImportKind.ACTIVITIES, "%1$s.occurred_at"));

    /**
     * What the import is about to change, worked out from its staging tables before they are written:
     * the earliest month of any dated row it brings or replaces (a replaced row's old date and account
     * count too, for kinds whose rows are keyed by their own id), and every account they name. Account
     * attributes and opportunities are no month's facts: the engine re-reads a named account's
     * attributes and opportunities whole and re-scores all its months. Empty (ask for everything) when
     * a kind went straight into a new partition (a first load), or nothing dated names a month and
     * there is no MRR to take the last month from.
     */
    private static Optional<Narrowing> narrowing(Connection connection, String tenant, List<ImportFile> files) {
        YearMonth from = null;
        Set<String> accounts = new HashSet<>();
        for (ImportFile file : files) {
            ImportKind kind = file.kind();
            String staging = StagingTable.tableName(kind);
            if (Sql.one(connection, "select to_regclass('pg_temp.' || ?) is null as missing",
                    row -> row.bool("missing"), staging)) {
                return Optional.empty();
            }
            String date = DATED.getOrDefault(kind, "null::date");
            // a kind keyed by its own id may move a row to another date or account: the old row counts too
            String key = kind.key().size() == 1 && !kind.key().get(0).equals("account_id") ? kind.key().get(0) : null;
            String rows = "select s.account_id, " + date.formatted("s") + " as d from " + staging + " s"
                    + (key == null ? "" : " union all select t.account_id, " + date.formatted("t") + " from "
                            + kind.table() + " t join " + staging + " s on t.tenant_id = ? and t." + key
                            + " = s." + key);
            Object[] parameters = key == null ? new Object[0] : new Object[] { tenant };
            Sql.query(connection, "select distinct account_id from (" + rows + ") r", row -> accounts.add(
                    row.string("account_id")) ? null : null, parameters);
            if (DATED.containsKey(kind)) {
                LocalDate first = Sql.one(connection, "select min(d) as first from (" + rows + ") r",
                        row -> row.localDate("first"), parameters);
                if (first != null && (from == null || YearMonth.from(first).isBefore(from))) {
                    from = YearMonth.from(first);
                }
            }
        }
        if (from == null) {
            LocalDate last = Sql.one(connection, "select max(month) as last from mrr where tenant_id = ?",
                    row -> row.localDate("last"), tenant);
            from = last == null ? null : YearMonth.from(last);
        }
        return from == null || accounts.isEmpty() ? Optional.empty() : Optional.of(new Narrowing(from, accounts));
    }

    /** The ids of the tenant's accounts, which rows of the other kinds must name. */
    private static Set<String> accountIds(Connection connection, String tenant) {
        return new HashSet<>(Sql.query(connection, "select account_id from account where tenant_id = ?", 10_000,
                row -> row.string("account_id"), tenant));
    }

    /** Takes the tenant's import lock for the rest of the transaction, or refuses at once. */
    private static void lockTenant(Connection connection, String tenant) {
        try {
            Sql.execute(connection, "select 1 from tenant where id = ? for no key update nowait", tenant);
        } catch (SqlException e) {
            if ("55P03".equals(e.sqlState())) {
                throw new ImportBusyException();
            }
            throw e;
        }
    }
}
