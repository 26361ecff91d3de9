package dev.bellwether.web;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import dev.bellwether.tenant.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;

/** {@code /}: sends each signed-in user to their role's home page. */
@Path("/")
@Authenticated
public class HomeResource {

    @Inject
    CurrentUser user;

    @GET
    public Response home() {
        String home = user.homePath().orElseThrow(() -> new ForbiddenException(
                "Your account has no Bellwether role (admin, executive or csm). Ask your administrator for one."));
        return Response.seeOther(URI.create(home)).build();
    }
}
