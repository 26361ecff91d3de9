package dev.bellwether.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.bellwether.dashboard.KpiTargets;
import dev.bellwether.health.HealthModels;
import dev.bellwether.ingest.ImportHistory;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code /admin}: the administrator's home, with the getting-started steps until the data is in. */
@Path("/admin")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class AdminResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(GettingStarted start);
    }

    @Inject
    ImportHistory imports;

    @Inject
    HealthModels models;

    @Inject
    KpiTargets targets;

    @GET
    public TemplateInstance page() {
        return Templates.page(GettingStarted.of(imports.kindsWithData(), models.scoringChanged(),
                targets.all().stream().anyMatch(KpiTargets.Target::custom)));
    }
}
