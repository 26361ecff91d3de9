package dev.bellwether.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.health.HealthModelDocument;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.settings.OrganisationSettings;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.CsvExport;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The organisation's data as one zip (docs/export.md): the seven import files, {@code notes.csv} and
 * {@code health-model.json} and {@code settings.json}. Written straight to the response while it is read: one read-only
 * transaction (so the files are one consistent picture of the data), each query through a cursor of
 * {@link #FETCH} rows, each row written to the zip as it arrives; memory does not grow with the tenant.
 */
@ApplicationScoped
public class TenantExport {

    private static final Logger LOG = Logger.getLogger(TenantExport.class);

    /** Rows fetched from the database at a time. */
    static final int FETCH = 2_000;
    /** How long the permit of an export whose download never began holds. */
    private static final Duration STALE = Duration.ofHours(2);

    /** UTF-8's byte-order mark. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The tenants whose export this instance is writing, each with its permit. */
    private final Map<String, Permit> running = new ConcurrentHashMap<>();

    /**
     * An export's place: admitted at {@code since}, and once its download began, held until it ends however long it
     * takes (a slow client's two hours and more), or the limits would stop holding while it still streams.
     */
    static final class Permit {

        final Instant since;
        volatile boolean streaming;

        Permit(Instant since) {
            this.since = since;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HealthModelStore models;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    /** How many exports, of all tenants, this instance writes at once. */
    @ConfigProperty(name = "bellwether.export.max-running", defaultValue = "4")
    int maxRunning;

    /**
     * The current tenant's export as a download, named {@code bellwether-<tenant>-<date>.zip}; the
     * export is audited before the first byte is sent.
     */
    public Response download() {
        String tenant = TenantContext.require();
        Permit started = admit(tenant, clock.instant());
        String fileName = "bellwether-" + tenant + "-" + Clocks.today(clock) + ".zip";
        try {
            audited(fileName);
        } catch (RuntimeException e) {
            running.remove(tenant, started);
            throw e;
        }
        StreamingOutput body = out -> {
            started.streaming = true;
            try {
                write(tenant, out);
            } finally {
                running.remove(tenant, started);
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header("Cache-Control", "no-store").build();
    }

    /**
     * One export of a tenant at a time on this instance, and at most {@link #maxRunning} of all tenants: each holds
     * a connection of the shared pool and a snapshot for the whole download, which the pages need too (a permit
     * never released, the client gone before the first byte, lapses after two hours).
     */
    Permit admit(String tenant, Instant now) {
        synchronized (running) {
            running.values().removeIf(permit -> !permit.streaming && !permit.since.isAfter(now.minus(STALE)));
            if (running.containsKey(tenant)) {
                throw new ClientErrorException("An export of your organisation is already being downloaded: try"
                        + " again once it is done.", 409);
            }
            if (running.size() >= maxRunning) {
                throw new ClientErrorException("Bellwether is writing as many exports as it takes at once: try again"
                        + " in a minute.", Response.status(429).header("Retry-After", "60").build());
            }
            Permit permit = new Permit(now);
            running.put(tenant, permit);
            return permit;
        }
    }

    private void audited(String fileName) {
        QuarkusTransaction.requiringNew().run(() -> audit.append(new AuditLog.Entry(user.getUsername(),
                user.getName(), AuditKind.EXPORT, fileName, "Exported the organisation's data as " + fileName,
                List.of())));
    }

    /** Writes {@code tenant}'s export zip to {@code out}; answers the rows written per file. */
    public Map<String, Long> write(String tenant, OutputStream out) throws IOException {
        try {
            return TenantContext.call(tenant, () -> {
                try (Connection connection = dataSource.getConnection()) {
                    return inSnapshot(connection, tenant, out);
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not export the data of " + tenant, e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Map<String, Long> inSnapshot(Connection connection, String tenant, OutputStream out)
            throws SQLException, IOException {
        long started = System.nanoTime();
        Map<String, Long> rows = new LinkedHashMap<>();
        connection.setAutoCommit(false); // a cursor needs a transaction
        try {
            Sql.execute(connection, "set transaction isolation level repeatable read, read only");
            ZipOutputStream zip = new ZipOutputStream(new KeptOpen(out), StandardCharsets.UTF_8);
            for (ExportFiles.File file : ExportFiles.all()) {
                zip.putNextEntry(new ZipEntry(file.name()));
                rows.put(file.name(), csv(connection, tenant, file, new KeptOpen(zip)));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(ExportFiles.HEALTH_MODEL));
            zip.write(healthModel(connection, tenant));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ExportFiles.SETTINGS));
            zip.write(json.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(OrganisationSettings.current(connection)));
            zip.closeEntry();
            zip.finish();
            zip.flush();
        } finally {
            connection.rollback(); // read only: nothing to keep
            connection.setAutoCommit(true);
        }
        LOG.infof("Exported %s in %d ms: %s", tenant, (System.nanoTime() - started) / 1_000_000, rows);
        return rows;
    }

    /** Writes the file's header and every row of its queries; answers the number of rows. */
    private static long csv(Connection connection, String tenant, ExportFiles.File file, OutputStream out)
            throws SQLException, IOException {
        long count = 0;
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF)
                .build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            if (file.read()) {
                // read by people in a spreadsheet, which takes a file without the mark for a code page (Müller
                // read as MÃ¼ller); the files to import again go without it, as data.md has them
                out.write(BOM);
            }
            csv.writeRecord(file.header());
            List<String> record = new ArrayList<>(file.header().size());
            for (String query : file.queries()) {
                try (PreparedStatement statement = connection.prepareStatement(query)) {
                    statement.setFetchSize(FETCH);
                    statement.setString(1, tenant);
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            record.clear();
                            for (String column : file.header()) {
                                String cell = cell(result, column);
                                record.add(file.read() ? CsvExport.safe(cell) : cell);
                            }
                            csv.writeRecord(record);
                            count++;
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return count;
    }

    /** A cell as the importer reads it: text as stored, a timestamp in ISO-8601 UTC, "" for null. */
    private static String cell(ResultSet result, String column) throws SQLException {
        if (ExportFiles.TIMESTAMPS.contains(column)) {
            OffsetDateTime value = result.getObject(column, OffsetDateTime.class);
            return value == null ? "" : value.toInstant().toString();
        }
        String value = result.getString(column);
        return value == null ? "" : value;
    }

    /** The model in use as {@code GET /api/v1/health-model} answers it, which its PUT accepts back. */
    private byte[] healthModel(Connection connection, String tenant) throws IOException {
        HealthModelStore.Versioned current = models.current(connection, tenant);
        return json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(
                HealthModelDocument.of(current.model(), current.version(), current.createdAt(), current.createdBy()));
    }

    /** Passes writes through, but leaves the stream open when closed (a CSV writer closes what it wraps). */
    private static final class KeptOpen extends FilterOutputStream {

        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
