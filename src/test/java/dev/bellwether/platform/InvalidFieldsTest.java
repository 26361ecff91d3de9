package dev.bellwether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** An answer lists at most fifty problems and counts the rest: a body of a million faults gets a short answer. */
class InvalidFieldsTest {

    @Test
    void beyondFiftyProblemsTheRestAreCounted() {
        InvalidFields invalid = new InvalidFields();
        for (int i = 0; i < 1_000; i++) {
            invalid.add("f" + i, "wrong");
        }
        List<FieldError> errors = invalid.errors();
        assertEquals(51, errors.size());
        assertEquals(new FieldError("f49", "wrong"), errors.get(49));
        assertEquals(new FieldError("body", "and 950 more problems"), errors.get(50));
        // an InvalidInput, however it was collected, lists as many
        List<FieldError> many = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            many.add(new FieldError("f" + i, "wrong"));
        }
        List<FieldError> thrown = new InvalidInput(many).errors();
        assertEquals(51, thrown.size());
        assertEquals(new FieldError("body", "and 20 more problems"), thrown.get(50));
        InvalidFields few = new InvalidFields();
        few.add("name", "is required");
        assertEquals(List.of(new FieldError("name", "is required")), few.errors());
    }
}
