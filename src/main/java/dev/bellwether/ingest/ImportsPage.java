package dev.bellwether.ingest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
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

import dev.bellwether.platform.PageNumber;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Htmx;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/imports}: upload files (or a zip), follow the import while it runs, read what it
 * did or exactly what is wrong with a file, and the import history. Admins only.
 */
@Path("/admin/imports")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class ImportsPage {

    /** How many imports a page of the history shows. */
    static final int HISTORY = 25;

    /** A kind's format, for the format guide and the template downloads. */
    public record KindFormat(String id, String fileName, List<Column> columns, String key) {
    }

    /** What the result area shows after an upload. */
    public record Result(ImportOutcome outcome, String refusal, boolean tryAgain) {

        public boolean refused() {
            return refusal != null;
        }

        /** Per kind: rows in the file and what became of them. */
        public List<KindResult> kinds() {
            return outcome.rows().entrySet().stream().map(e -> {
                ImportRecord.Changes c = outcome.changes().getOrDefault(e.getKey(), new ImportRecord.Changes(0, 0));
                return new KindResult(e.getKey(), e.getValue(), c.inserted(), c.updated(),
                        e.getValue() - c.inserted() - c.updated());
            }).toList();
        }

        /** More problems were found than listed. */
        public boolean truncated() {
            return outcome.errorCount() > outcome.errors().size();
        }
    }

    /** One kind's line of an applied import: rows in the file, new, changed, already as in the file. */
    public record KindResult(String kind, long rows, long inserted, long updated, long unchanged) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<KindFormat> kinds, ImportHistory.Page history, Result result,
                String maxFileSize, long maxFileBytes);

        static native TemplateInstance page$result(Result result);

        static native TemplateInstance page$history(ImportHistory.Page history);

        static native TemplateInstance page$live(ImportRecord running);

        static native TemplateInstance page$recalculation(ImportRecord record);

        static native TemplateInstance detail(ImportRecord record);
    }

    @Inject
    ImportService imports;

    @Inject
    ImportHistory history;

    @Inject
    ImportLimits limits;

    @Inject
    CurrentUser user;

    /** The columns of a refused import's problems as CSV. */
    static final List<CsvExport.Column<ImportError>> PROBLEM_COLUMNS = List.of(
            CsvExport.text("file", ImportError::file),
            CsvExport.value("line", ImportError::line), CsvExport.text("column", ImportError::column),
            CsvExport.text("value", ImportError::value), CsvExport.text("problem", ImportError::message));

    @GET
    public TemplateInstance page(@QueryParam("page") String page) {
        return page(historyPage(page), null);
    }

    /**
     * The upload: answers the result fragment for htmx. A plain form post (no JavaScript, or sent before it loaded)
     * that made an import is sent on to that import's page (303), so a reload asks for the page, not the files
     * again (they would replace what a feed or another admin changed since); one refused before any import (too
     * large, another running) gets the whole page with why.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") List<FileUpload> files, @HeaderParam(Htmx.REQUEST) String htmx)
            throws IOException {
        Result result = run(files);
        if (!Htmx.isRequest(htmx) && result.outcome() != null) {
            return Response.seeOther(URI.create(Links.importDetail(result.outcome().id()))).build();
        }
        if (!Htmx.isRequest(htmx)) {
            return Response.ok(page(history.page(1, HISTORY), result)).build();
        }
        return Htmx.ok(Templates.page$result(result), Htmx.Event.IMPORT_FINISHED);
    }

    /** The whole page: the formats, {@code history}, and {@code result} (null but for a refusal without JavaScript). */
    private TemplateInstance page(ImportHistory.Page history, Result result) {
        long max = limits.maxFileSize().asLongValue();
        return Templates.page(formats(), history, result, Formats.limit(max), max);
    }

    private Result run(List<FileUpload> files) throws IOException {
        List<Uploads.Part> parts = files.stream()
                .filter(f -> f.fileName() != null && !f.fileName().isBlank())
                .map(f -> new Uploads.Part(f.fileName(), f.uploadedFile())).toList();
        try (Uploads uploads = Uploads.of(parts, limits.maxFileSize().asLongValue())) {
            return new Result(imports.run(ImportRequest.by("page", user, uploads)), null,
                    false);
        } catch (ImportTooLargeException e) {
            return new Result(null, e.getMessage(), false);
        } catch (ImportBusyException e) {
            return new Result(null, e.getMessage(), true); // the same files, once the other import is done
        }
    }

    /**
     * The running import of this tenant, if any, whoever started it; polls itself while one runs, and says when it
     * ended ({@code was=running}: {@code importFinished}, so the history follows). An upload refused at once (its
     * file names) may be the newest record meanwhile: the running one is asked for as such.
     */
    @GET
    @Path("/live")
    public Response live(@QueryParam("was") String was) {
        ImportRecord running = history.running().orElse(null);
        TemplateInstance answer = Templates.page$live(running);
        return running == null && "running".equals(was) ? Htmx.ok(answer, Htmx.Event.IMPORT_FINISHED)
                : Response.ok(answer).build();
    }

    @GET
    @Path("/history")
    public TemplateInstance historyFragment(@QueryParam("page") String page) {
        return Templates.page$history(historyPage(page));
    }

    /** The history's page {@code page}; one past the end is the last. */
    private ImportHistory.Page historyPage(String page) {
        int number = PageNumber.read(page);
        ImportHistory.Page found = history.page(number, HISTORY);
        return number > found.pages() ? history.page(found.pages(), HISTORY) : found;
    }

    /** The recalculation an applied import asked for; polls itself until it is done or failed. */
    @GET
    @Path("/{id}/recalculation")
    public Response recalculation(@PathParam("id") UUID id) {
        ImportRecord record = history.find(id).orElseThrow(NotFoundException::new);
        Response.ResponseBuilder answer = Response.ok(Templates.page$recalculation(record));
        if (record.recalculationDone()) {
            Htmx.trigger(answer, Htmx.Event.RECALCULATED);
        }
        return answer.build();
    }

    @GET
    @Path("/{id}")
    public TemplateInstance detail(@PathParam("id") UUID id) {
        return Templates.detail(history.find(id).orElseThrow(NotFoundException::new));
    }

    /** The problems of a refused import as CSV, to work through in a spreadsheet. */
    @GET
    @Path("/{id}/problems.csv")
    @Produces("text/csv")
    public Response problems(@PathParam("id") UUID id) {
        ImportRecord record = history.find(id).orElseThrow(NotFoundException::new);
        return CsvExport.attachment(CsvExport.fileName("import", id.toString(), "problems"), PROBLEM_COLUMNS,
                record.errors());
    }

    /** A kind's template: its header row and one example row (ImportTemplates). */
    @GET
    @Path("/templates/{file}")
    @Produces("text/csv")
    public Response template(@PathParam("file") String file) {
        ImportKind kind = ImportKind.ofFileName(file).orElseThrow(NotFoundException::new);
        return Response.ok(ImportTemplates.of(kind).getBytes(StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + kind.fileName() + "\"").build();
    }

    static List<KindFormat> formats() {
        return Arrays.stream(ImportKind.values())
                .map(k -> new KindFormat(k.id(), k.fileName(), k.columns(), String.join(", ",
                        k.key().stream().map(key -> k.columns().stream().filter(c -> c.sqlName().equals(key))
                                .findFirst().orElseThrow().name()).toList())))
                .toList();
    }
}
