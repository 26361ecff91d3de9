package dev.bellwether.platform;

import java.util.List;

/**
 * Input refused field by field, thrown before anything is written or inside the transaction that then
 * rolls back. Under /api it answers 422 {@code {errors:[{field, message}]}} (docs/api.md, "Errors"); a page
 * that catches it shows the messages beside its form, and one that does not gets the error page
 * ({@code web.InvalidInputMapper}).
 */
public class InvalidInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /** Refuses {@code errors}; beyond {@link FieldError#MAX_LISTED} of them the rest are only counted. */
    public InvalidInput(List<FieldError> errors) {
        super(String.join(" ", FieldError.listed(errors, 0).stream().map(FieldError::message).toList()), null, false,
                false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("refused input names at least one problem");
        }
        this.errors = FieldError.listed(errors, 0);
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
