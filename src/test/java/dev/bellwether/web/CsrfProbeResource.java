package dev.bellwether.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.security.Authenticated;

/** Test-only endpoints that change nothing, to prove the CSRF filter guards page posts. */
@Path("/csrf-probe")
@Authenticated
public class CsrfProbeResource {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String form(@RestForm String note) {
        return "accepted " + note;
    }

    @POST
    @Path("/htmx")
    public String htmx() {
        return "accepted";
    }
}
