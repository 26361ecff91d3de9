package dev.bellwether.workspace;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers refused workspace input as 422 {@code {errors:[{field, message}]}} (docs/api.md). */
public class WorkspaceErrors {

    /** The body of a 422. */
    public record Invalid(List<InvalidInput.FieldError> errors) {
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInput e) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE).entity(new Invalid(e.errors())).build();
    }
}
