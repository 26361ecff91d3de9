package dev.bellwether.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /freshness}: the "as of" badge every page polls. When the figures are newer than the ones
 * the page shows ({@code seen}), the answer fires the {@code recalculated} event, on which the
 * pages' panels reload themselves.
 */
@Path("/freshness")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class FreshnessResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance badge();
    }

    @Inject
    Freshness freshness;

    /** {@code seen} as the badge sends it (a number); anything else is a stamp no run has, so the page reloads. */
    @GET
    public Response badge(@QueryParam("seen") String seen) {
        Response.ResponseBuilder answer = Response.ok(Templates.badge());
        if (!String.valueOf(freshness.getStamp()).equals(seen == null ? "0" : seen.strip())) {
            Htmx.trigger(answer, Htmx.Event.RECALCULATED);
        }
        return answer.build();
    }
}
