package dev.bellwether.operator;

import java.util.List;

import dev.bellwether.platform.FieldError;

/**
 * A tenant to create that the identity provider's state refuses, as its team would refuse the same invitation
 * (a first admin at a domain another organisation claims): 422 naming the field, nothing created anywhere.
 */
public class InvalidTenant extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidTenant(List<FieldError> errors) {
        super(errors.get(0).message(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
