package dev.bellwether.web;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * What is wrong with a submitted form or request record, as the messages of its Bean Validation
 * constraints, in the order of the record's fields (a set of violations has no order of its own),
 * so a page or a 422 answer lists them as the user filled them in.
 */
public final class Problems {

    private Problems() {
    }

    /** The messages of {@code form}'s violations, field by field; empty when it is valid. */
    public static <T extends Record> List<String> of(Validator validator, T form) {
        Set<ConstraintViolation<T>> violations = validator.validate(form);
        List<String> fields = Arrays.stream(form.getClass().getRecordComponents()).map(RecordComponent::getName)
                .toList();
        return violations.stream()
                .sorted(Comparator.comparingInt((ConstraintViolation<T> v) -> fields.indexOf(field(v)))
                        .thenComparing(ConstraintViolation::getMessage))
                .map(ConstraintViolation::getMessage).toList();
    }

    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
