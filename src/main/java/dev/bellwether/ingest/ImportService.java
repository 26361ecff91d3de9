package dev.bellwether.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.health.HealthModelDocument;
import dev.bellwether.health.HealthModelReader;
import dev.bellwether.health.HealthModels;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.JsonPlace;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;
import dev.bellwether.settings.OrganisationSettings;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantRefusedException;
import dev.bellwether.tenant.TenantRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs an import for the current tenant, all or nothing, in one transaction:
 * <ol>
 * <li>takes the tenant's import lock (its {@code tenant} row, {@code FOR NO KEY UPDATE}), waiting at
 * most {@value #LOCK_WAIT_SECONDS} seconds (a data feed's round): a second import of the same tenant
 * is refused with {@link ImportBusyException}; other tenants' imports are not affected;</li>
 * <li>streams each file, in docs/imports.md's order, through {@link CsvImportReader} with COPY, checking
 * every cell and every account id on the way: the tenant's first load of a kind straight into a
 * new table that will be its partition ({@link FirstLoad}), any other into a temporary
 * {@link StagingTable};</li>
 * <li>writes each staging table into its table ({@link ImportLoads}): a first load of a kind into the
 * tenant's new partition, into an empty table with one plain INSERT (the primary key catches repeated
 * keys), a file much smaller than what is stored with one INSERT too when every row of it is new
 * ({@link StagingTable#insertIfAllNew}), otherwise compares the staged rows with the stored ones and
 * writes only the new and changed rows ({@link StagingTable#compare}); then attaches the first loads
 * as the tenant's partitions, which builds their keys;</li>
 * <li>if anything is wrong, rolls back and reports every problem, repeated keys of every file
 * included; otherwise, when a row changed, announces {@link RecalculationRequested} narrowed to what
 * changed ({@link ChangedScope}; its observer records the request in this transaction and wakes the
 * engine after the commit), marks the import applied, and commits. An import that changed nothing
 * writes no row and asks for no recalculation.</li>
 * </ol>
 * If the process dies half-way, PostgreSQL rolls the transaction back; {@link ImportJanitor}
 * then marks the import failed.
 */
@ApplicationScoped
public class ImportService {

    /** How long an import waits for the tenant's lock (a data feed's round) before it is refused as busy. */
    static final int LOCK_WAIT_SECONDS = 10;

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
    ImportLimits limits;

    @Inject
    ImportSlots slots;

    @Inject
    StagedEvents stagedEvents;

    @Inject
    Clock clock;

    @Inject
    HealthModels healthModels;

    @Inject
    OrganisationSettings organisationSettings;

    @Inject
    ObjectMapper json;

    /** Runs the import; the caller keeps ownership of {@code request.uploads()}. */
    public ImportOutcome run(ImportRequest request) {
        String tenant = TenantContext.require();
        Uploads uploads = request.uploads();
        List<ImportFile> files = new ArrayList<>(uploads.files());
        files.sort(Comparator.comparing(ImportFile::kind));
        List<ImportRecord.FileInfo> fileInfos = files.stream()
                .map(f -> new ImportRecord.FileInfo(f.name(), f.kind().id(), f.bytes())).toList();
        Map<String, Integer> fileOrder = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileOrder.put(files.get(i).name(), i);
        }
        if (!uploads.problems().isEmpty() && files.isEmpty()) {
            requireActive(tenant, request); // as an import that reads its files does under the tenant's lock
            // listed within the same limit as any refusal's (a thousand parts of zips of odd entries are many)
            ImportProblems refused = new ImportProblems(limits.maxReportedErrors());
            uploads.problems().forEach(refused::add);
            // the history lists what was sent, though none of it could be read: a name, a folder, a broken zip
            history.recordRejected(request, uploads.sent(), refused.report(), refused.total());
            return new ImportOutcome(request.id(), ImportStatus.REJECTED, Map.of(), Map.of(), refused.report(),
                    refused.total());
        }
        // a file the upload could not take (its name, a folder in the zip) is listed first, and the other files
        // are still read and checked, so that one round of fixes covers every problem; the import is refused
        ImportProblems problems = new ImportProblems(limits.maxReportedErrors(), fileOrder);
        uploads.problems().forEach(problems::addFirst);
        Map<String, Long> rows = new LinkedHashMap<>();
        AtomicBoolean started = new AtomicBoolean();
        try (ImportSlots.Slot slot = slots.take(tenant)) { // before a connection is taken: see ImportSlots
            return QuarkusTransaction.requiringNew().timeout(limits.timeoutSeconds())
                    .call(() -> apply(tenant, request, files, fileInfos, problems, rows, started));
        } catch (ImportLoads.Rejected rejected) {
            List<ImportError> report = problems.report();
            history.finishUnapplied(request.id(), ImportStatus.REJECTED, rows, report, problems.total(), null);
            return new ImportOutcome(request.id(), ImportStatus.REJECTED, rows, Map.of(), report, problems.total(),
                    problems.groups(), null);
        } catch (ImportTooLargeException e) {
            if (started.get()) {
                history.finishUnapplied(request.id(), ImportStatus.REJECTED, rows,
                        List.of(ImportError.ofFile(e.file(), e.getMessage())), 1, e.getMessage());
            }
            throw e;
        } catch (ImportBusyException | TenantRefusedException e) {
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
            lockTenant(connection, tenant, request);
            history.start(request, fileInfos);
            started.set(true);
            Sql.execute(connection, "set local work_mem = '256MB'");
            ChangedScope byEvents = new ChangedScope();
            int events = stagedEvents.applyFirst(connection, byEvents);
            ImportProgress progress = new ImportProgress(history, request,
                    files.stream().mapToLong(f -> Math.max(f.bytes(), 0)).sum());
            ImportLoads loads = new ImportLoads(connection, tenant, request, problems, accountIds(connection, tenant),
                    progress, DateBounds.on(Clocks.today(clock)));
            boolean allRead = true;
            for (ImportFile file : files) {
                progress.phase("Reading " + file.name(), -1);
                long count = loads.read(file);
                if (count >= 0) {
                    rows.put(file.kind().id(), count);
                } else {
                    allRead = false;
                }
            }
            // a file that could not be read may hold rows: its fix, not its neighbours' headers, comes first
            if (allRead && !request.uploads().holdsExportJson() && rows.values().stream().allMatch(n -> n == 0)) {
                // files of headers alone are refused only when there is nothing else: an export's empty kinds are not
                loads.headerOnly().forEach(problems::add);
            }
            HealthModelDocument model = request.uploads().healthModel().map(text -> model(text, problems)).orElse(null);
            boolean modelSaved = false;
            if (model != null && problems.isEmpty()) {
                // with the rows, all or nothing: an export imported elsewhere gives the same figures (docs/export.md);
                // checked again under the model's lock, against a model saved since
                HealthModels.Change adopted = healthModels.adopt(model, "From import " + request.id());
                modelProblems(adopted.problems(), problems);
                modelSaved = adopted.saved();
            }
            OrganisationSettings.Settings settings = request.uploads().settings().map(text -> settings(text, problems))
                    .orElse(null);
            if (!problems.isEmpty()) {
                loads.reject();
            }
            // with the rows, all or nothing, as the model. Any change recalculates every month: other QBR segments
            // move a figure of each, and an import that changed the currency alone must not say "Nothing changed"
            boolean settingsChanged = settings != null && organisationSettings.save(request.user(),
                    request.userName(), settings, false).changed();
            Map<String, ImportRecord.Changes> changes = loads.write(files);
            ChangedScope scope = loads.scope();
            scope.include(byEvents);
            if (modelSaved || settingsChanged) {
                scope.everything(); // a new model scores every month of every account; QBR segments count in each
            }
            Long requestId = null;
            if (!scope.isEmpty()) {
                long changed = changes.values().stream().mapToLong(c -> c.inserted() + c.updated()).sum();
                // the observer records the request in this transaction and wakes the engine after the commit,
                // after fresh planner statistics when the import changed many rows; narrowed to the months
                // and accounts the written rows touch
                RecalculationRequested requested = scope.narrow(new RecalculationRequested(tenant, "import",
                        changed >= STATISTICS_THRESHOLD), ChangedScope.firstMonth(connection, tenant));
                recalculations.fire(requested);
                requestId = requested.requestId();
            }
            history.finishApplied(request.id(), rows, changes, requestId);
            LOG.infof("Import %s of tenant %s applied%s%s: %s", request.id(), tenant,
                    events > 0 ? " after " + events + " staged events" : "", scope.isEmpty() ? ", nothing changed" : "",
                    progress.timings());
            return new ImportOutcome(request.id(), ImportStatus.APPLIED, rows, changes, List.of(), 0, List.of(),
                    requestId);
        } catch (SQLException | SqlException e) {
            throw new IllegalStateException("Import " + request.id() + " failed in the database", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An export's health model, checked against the model in use; null with its problems when it is not one. */
    private HealthModelDocument model(String text, ImportProblems problems) {
        // read as PUT reads a model: a field it does not have (a typo such as "band") is refused, not ignored
        HealthModelReader.Read read = HealthModelReader.read(text);
        HealthModelDocument document = read.document();
        List<String> wrong = document == null ? read.problems() : healthModels.problems(document);
        modelProblems(wrong, problems);
        return wrong.isEmpty() ? document : null;
    }

    /** An export's settings, checked as {@code PUT /api/v1/settings} checks them; null with its problems if wrong. */
    private OrganisationSettings.Settings settings(String text, ImportProblems problems) {
        OrganisationSettings.Parsed parsed;
        try {
            parsed = OrganisationSettings.parse(json.readTree(text));
        } catch (JsonProcessingException e) {
            problems.add(ImportError.ofFile(Uploads.SETTINGS, "not JSON that can be read: " + (JsonPlace.trailing(e)
                    ? JsonPlace.AFTER_THE_VALUE : e.getOriginalMessage().lines().findFirst().orElse(""))
                    + JsonPlace.of(e.getLocation())));
            return null;
        }
        parsed.problems().forEach(p -> problems.add(ImportError.ofFile(Uploads.SETTINGS, p.field() + " "
                + p.message())));
        return parsed.settings();
    }

    private static void modelProblems(List<String> wrong, ImportProblems problems) {
        wrong.forEach(problem -> problems.add(ImportError.ofFile(Uploads.HEALTH_MODEL, problem)));
    }

    /** The ids of the tenant's accounts, which rows of the other kinds must name. */
    private static Set<String> accountIds(Connection connection, String tenant) {
        return new HashSet<>(Sql.query(connection, "select account_id from account where tenant_id = ?", 10_000,
                row -> row.string("account_id"), tenant));
    }

    /**
     * Refuses (403) an upload of a tenant suspended or gone since its request was admitted, recording nothing; or
     * deleted and created again under its id: its row is then younger than the sign-in that asked.
     */
    private void requireActive(String tenant, ImportRequest request) {
        try (Connection connection = dataSource.getConnection()) {
            refuseUnlessActive(Sql.first(connection, "select status, created_at from tenant where id = ?",
                    TenantState::of, tenant), request);
        } catch (java.sql.SQLException e) {
            throw new SqlException("Could not read the tenant's status", e);
        }
    }

    private record TenantState(String status, Instant createdAt) {
        static TenantState of(Row row) {
            return new TenantState(row.string("status"), row.instant("created_at"));
        }
    }

    private static void refuseUnlessActive(Optional<TenantState> state, ImportRequest request) {
        if (state.isEmpty()) {
            throw TenantRefusedException.unknown();
        }
        if (TenantRegistry.signedInBefore(request.signedInAt(), state.get().createdAt())) {
            throw TenantRefusedException.signedInBefore();
        }
        if (!"active".equals(state.get().status())) {
            throw TenantRefusedException.suspended();
        }
    }

    /**
     * Takes the tenant's import lock for the rest of the transaction. The data feed's rounds take it
     * too, for seconds, so an import waits that long; another import holds it for minutes, and is
     * refused ({@link ImportBusyException}) once the wait is over. The tenant must still be active then:
     * its request was admitted before its upload arrived, which may have taken minutes, and the operator
     * may have suspended it (or begun deleting it, or deleted it and created another of its id) meanwhile (403,
     * nothing written).
     */
    private static void lockTenant(Connection connection, String tenant, ImportRequest request) {
        try {
            Sql.execute(connection, "set local lock_timeout = '" + LOCK_WAIT_SECONDS + "s'");
            Optional<TenantState> state = Sql.first(connection,
                    "select status, created_at from tenant where id = ? for no key update", TenantState::of, tenant);
            Sql.execute(connection, "set local lock_timeout to default");
            refuseUnlessActive(state, request);
        } catch (SqlException e) {
            if (e.lockNotAvailable()) {
                throw new ImportBusyException();
            }
            throw e;
        }
    }
}
