package dev.bellwether.notify;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.Response;

/** Collects what is wrong with a request body and answers 422 {@code {errors:[{field, message}]}} (docs/api.md). */
final class Invalid {

    /** One problem: the field it is about and what is wrong. */
    record FieldError(String field, String message) {
    }

    /** The 422 body. */
    record Errors(List<FieldError> errors) {
    }

    private final List<FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    boolean any() {
        return !errors.isEmpty();
    }

    Response response() {
        return Response.status(422).entity(new Errors(List.copyOf(errors))).build();
    }
}
