package dev.bellwether.admin;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
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

    public record View(AuditLog.Page page, String kind) {

        public List<String> kinds() {
            return KINDS;
        }

        public String pageUrl(int number) {
            return Links.auditPage(kind, number);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    AuditLog audit;

    @GET
    public TemplateInstance page(@QueryParam("kind") String kind, @QueryParam("page") String page) {
        String which = kind != null && KINDS.contains(kind) ? kind : null;
        int number = 1;
        try {
            number = page == null ? 1 : Math.max(1, Math.min(100_000, Integer.parseInt(page)));
        } catch (NumberFormatException e) {
            number = 1;
        }
        return Templates.page(new View(audit.page(which == null ? null : AuditKind.of(which), number, PAGE_SIZE),
                which));
    }
}
