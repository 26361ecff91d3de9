package dev.bellwether.workspace;

import java.util.List;

/**
 * Input the workspace refuses, with what is wrong field by field. The API answers it as 422
 * {@code {errors:[{field, message}]}} ({@link WorkspaceErrors}); pages show the messages beside their form.
 * Thrown before anything is written, or inside the transaction that then rolls back.
 */
public class InvalidInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One problem: the field (as the API names it) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final transient List<FieldError> errors;

    public InvalidInput(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid" : errors.get(0).field() + ": " + errors.get(0).message(), null, false,
                false);
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
}
