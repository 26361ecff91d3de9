package dev.bellwether.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.PageNumber;
import dev.bellwether.platform.Text;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code /admin/audit}: the audit log, newest first, optionally of one kind, 50 a page. Read only. */
@Path("/admin/audit")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    static final int PAGE_SIZE = 50;
    static final List<String> KINDS = Arrays.stream(AuditKind.values()).map(AuditKind::word).toList();
    /** A tab per kind, every kind of {@link AuditKind} in its order. */
    static final List<Tab> TABS = Arrays.stream(AuditKind.values()).map(k -> new Tab(k.word(), tabLabel(k))).toList();

    /** A tab of the log: the kind's stored word (the URL's {@code kind=}) and what the tab says. */
    public record Tab(String kind, String label) {

        public String url() {
            return Links.audit(kind);
        }
    }

    public record View(AuditLog.Page page, String kind) {

        public List<Tab> tabs() {
            return TABS;
        }

        public String pageUrl(int number) {
            return Links.auditPage(kind, number);
        }
    }

    /** The tab's words: the kind's label, in the plural where the log holds many such things. */
    static String tabLabel(AuditKind kind) {
        return switch (kind) {
            case IMPORT -> "Imports";
            case TARGET -> "Targets";
            case OVERRIDE -> "Health overrides";
            case NOTE -> "Notes and activities";
            case TASK -> "Tasks";
            case PLAYBOOK -> "Playbooks";
            case OUTBOX -> "Outbox (e-mails and webhook posts)";
            case SAVED_VIEW -> "Saved views";
            case ALERT -> "Alerts";
            case INGEST_KEY -> "Ingest keys";
            default -> kind.label();
        };
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    AuditLog audit;

    @GET
    public TemplateInstance page(@QueryParam("kind") String kind, @QueryParam("page") String page) {
        // a kind as the docs write it ("Team") is the tab "team"; one that names no kind says so, rather than
        // showing every event as though filtered
        String which = kind == null || kind.isBlank() ? null : kindWord(kind.strip());
        if (which != null && !KINDS.contains(which)) {
            throw new BadRequestException("There is no kind of audit event called \""
                    + Text.abbreviate(kind.strip(), 40) + "\": choose one of " + String.join(", ", KINDS) + ".");
        }
        int number = Math.min(100_000, PageNumber.read(page));
        AuditKind of = which == null ? null : AuditKind.of(which);
        AuditLog.Page found = audit.page(of, number, PAGE_SIZE);
        if (number > found.pages()) { // past the end: the last page, as the coverage page does
            found = audit.page(of, found.pages(), PAGE_SIZE);
        }
        return Templates.page(new View(found, which));
    }

    /**
     * The stored word of a kind as someone may write it: the word itself ("health_model"), its label in any case
     * ("Health model", "Data export"), or the word with spaces or dashes ("health-model").
     */
    static String kindWord(String kind) {
        for (AuditKind k : AuditKind.values()) {
            if (k.label().equalsIgnoreCase(kind)) {
                return k.word();
            }
        }
        return kind.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }
}
