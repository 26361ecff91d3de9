package dev.bellwether.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.platform.InvalidFields;
import dev.bellwether.platform.InvalidInput;

/** Refused input no page answers itself: 422 {@code {errors:[{field, message}]}} under /api, else the error page. */
public class InvalidInputMapper {

    @ServerExceptionMapper
    public Response map(InvalidInput e, UriInfo uri) {
        if (Requests.isApi(uri.getPath())) {
            return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new InvalidFields.Errors(e.errors())).build();
        }
        return ErrorMapper.respond(uri, 422, "Unprocessable", e.getMessage());
    }
}
