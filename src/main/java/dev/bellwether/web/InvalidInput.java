package dev.bellwether.web;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Input refused field by field, thrown before anything is written or inside the transaction that then
 * rolls back. Under /api it answers 422 {@code {errors:[{field, message}]}} (docs/api.md, "Errors"); a page
 * that catches it shows the messages beside its form, and one that does not gets the error page.
 */
public class InvalidInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidInput(List<FieldError> errors) {
        super(String.join(" ", errors.stream().map(FieldError::message).toList()), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("refused input names at least one problem");
        }
        this.errors = List.copyOf(errors);
    }

    public InvalidInput(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The messages alone, for a form. */
    public List<String> messages() {
        return errors.stream().map(FieldError::message).toList();
    }

    /** Where no page answers it itself: JSON under /api, the error page elsewhere. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response map(InvalidInput e, UriInfo uri) {
            if (Requests.isApi(uri.getPath())) {
                return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new InvalidFields.Errors(e.errors())).build();
            }
            return ErrorMapper.respond(uri, 422, "Unprocessable", e.getMessage());
        }
    }
}
