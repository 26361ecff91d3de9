package dev.bellwether.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bellwether.platform.PageNumber;
import dev.bellwether.tenant.CurrentUser;

/** {@code /api/v1/imports}: uploads of the seven CSV kinds, per docs/api.md. Admins only. */
@Path("/api/v1/imports")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ImportApi {

    /** The answer to an upload, applied or rejected (docs/api.md). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UploadAnswer(UUID id, ImportStatus status, Map<String, Long> rows,
            Map<String, ImportRecord.Changes> changes, RecalculationStatus recalculation, Long errorCount,
            List<ImportError> errors, String message) {
    }

    /**
     * The state of an import (docs/api.md's {@code GET /api/v1/imports/{id}}): the contract's fields always,
     * {@code rows} empty until the files are read, {@code recalculation} null unless applied; the others only when
     * they have a value.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportState(UUID id, ImportStatus status,
            @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Long> rows,
            @JsonInclude(JsonInclude.Include.ALWAYS) RecalculationStatus recalculation, int progress,
            String phase, Integer errorCount, String message) {
    }

    /** Imports a page of {@code GET /api/v1/imports} lists. */
    static final int PAGE_SIZE = 50;

    /** The message of an applied import that changed nothing. */
    static final String NOTHING_CHANGED = "Nothing changed: every row was already stored as in the files, "
            + "so nothing was written and the figures need no recalculation.";

    @Inject
    ImportService imports;

    @Inject
    ImportHistory history;

    @Inject
    ImportLimits limits;

    @Inject
    CurrentUser user;

    /** One or more CSV files, or one zip of them, as one import. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") List<FileUpload> files) throws IOException {
        List<Uploads.Part> parts = files.stream().map(f -> new Uploads.Part(f.fileName(), f.uploadedFile())).toList();
        try (Uploads uploads = Uploads.of(parts, limits.maxFileSize().asLongValue())) {
            return answer(imports.run(ImportRequest.by("api", user, uploads)));
        }
    }

    /** One CSV of the kind in the path, as the request body, streamed. */
    @POST
    @Path("/{kind}")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM })
    public Response uploadOne(@PathParam("kind") String kindId, @HeaderParam("Content-Length") Long length,
            InputStream body) {
        ImportKind kind = ImportKind.ofId(kindId).orElseThrow(() -> new NotFoundException(
                "There is no import kind '" + kindId + "'; the kinds are " + ImportKind.ids()));
        try (Uploads uploads = Uploads.ofBody(kind, () -> body, length == null ? -1 : length,
                limits.maxFileSize().asLongValue())) {
            return answer(imports.run(ImportRequest.by("api", user, uploads)));
        }
    }

    /** 50 imports a page, newest first; a page past the last answers {@code []}. */
    @GET
    public List<ImportState> recent(@QueryParam("page") String page) {
        int number = PageNumber.strict(page);
        return history.page(number, PAGE_SIZE).imports().stream().map(ImportApi::status).toList();
    }

    @GET
    @Path("/{id}")
    public ImportState get(@PathParam("id") UUID id) {
        return history.find(id).map(ImportApi::status).orElseThrow(NotFoundException::new);
    }

    static ImportState status(ImportRecord record) {
        // an import refused or failed has ended: 100, so a client polling until then stops
        int progress = record.notApplied() ? 100
                : record.recalculation() == null ? record.progress()
                : record.unchanged() ? 100
                : record.recalculationProgress() == null ? 0 : record.recalculationProgress();
        // the contract's values only (pending, running, done, failed): an import that changed nothing needed no
        // recalculation, so its figures are done; its message says why
        RecalculationStatus recalculation = record.unchanged() ? RecalculationStatus.DONE : record.recalculation();
        return new ImportState(record.id(), record.status(), record.rows(), recalculation, progress,
                record.phase(), record.status() == ImportStatus.APPLIED ? null : record.errorCount(),
                record.unchanged() ? NOTHING_CHANGED : record.message());
    }

    private static Response answer(ImportOutcome outcome) {
        if (outcome.applied()) {
            boolean unchanged = outcome.unchanged();
            return Response.created(URI.create("/api/v1/imports/" + outcome.id()))
                    .entity(new UploadAnswer(outcome.id(), ImportStatus.APPLIED, outcome.rows(), outcome.changes(),
                            RecalculationStatus.PENDING, null,
                            null, unchanged ? NOTHING_CHANGED : null))
                    .build();
        }
        return Response.status(422).entity(new UploadAnswer(outcome.id(), ImportStatus.REJECTED, null, null, null,
                outcome.errorCount(), outcome.errors(), null)).build();
    }
}
