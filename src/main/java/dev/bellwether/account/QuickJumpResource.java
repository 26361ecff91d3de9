package dev.bellwether.account;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /jump?q=}: the quick jump's answer (an HTML fragment the dialog of every page swaps in,
 * opened with Ctrl-K or the header's button): at most ten accounts of the tenant whose name or id contains
 * {@code q}, each a link to its page, and whether more match. Every role reads accounts, so every role may
 * jump.
 */
@Path("/jump")
@jakarta.inject.Singleton
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class QuickJumpResource {

    static final int LIMIT = 10;

    /** What was typed and what it found. */
    public record Results(String q, List<AccountSearch.Hit> hits, boolean more) {

        public boolean searched() {
            return q != null && !q.isBlank();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance results(Results results);
    }

    @Inject
    AccountSearch search;

    @GET
    public TemplateInstance results(@QueryParam("q") String q) {
        // one more than shown, to know whether the ten are all there is
        List<AccountSearch.Hit> hits = search.find(q, LIMIT + 1);
        return Templates.results(new Results(q, hits.subList(0, Math.min(LIMIT, hits.size())), hits.size() > LIMIT));
    }
}
