package dev.bellwether.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.Response;

/**
 * Collects what is wrong with a request body and answers 422 {@code {errors:[{field, message}]}}, the
 * shape of the second round's endpoints (docs/api.md, "Errors").
 */
public final class InvalidFields {

    /** One problem: the field it is about and what is wrong. */
    public record FieldError(String field, String message) {
    }

    /** The 422 body. */
    public record Errors(List<FieldError> errors) {
    }

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean any() {
        return !errors.isEmpty();
    }

    public Response response() {
        return Response.status(422).entity(new Errors(List.copyOf(errors))).build();
    }
}
