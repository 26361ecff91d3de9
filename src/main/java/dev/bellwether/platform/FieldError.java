package dev.bellwether.platform;

/** One thing wrong with a request: the field or parameter (as the API names it) and what is wrong with it. */
public record FieldError(String field, String message) {
}
