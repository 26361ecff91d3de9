package dev.bellwether.platform;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Collects what is wrong with a request and answers 422 {@code {errors:[{field, message}]}}, the
 * shape of the second round's endpoints (docs/api.md, "Errors").
 */
public final class InvalidFields {

    /** The 422 body. */
    public record Errors(List<FieldError> errors) {
    }

    private final List<FieldError> errors = new ArrayList<>();
    private int unlisted;

    /** Notes a problem; beyond {@link FieldError#MAX_LISTED} they are only counted, and the answer says how many. */
    public void add(String field, String message) {
        if (errors.size() < FieldError.MAX_LISTED) {
            errors.add(new FieldError(field, message));
        } else {
            unlisted++;
        }
    }

    public boolean any() {
        return !errors.isEmpty();
    }

    public List<FieldError> errors() {
        return FieldError.listed(errors, unlisted);
    }

    public Response response() {
        return response(errors());
    }

    /** The 422 answer naming {@code errors}. */
    public static Response response(List<FieldError> errors) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Errors(FieldError.listed(errors, 0))).build();
    }
}
