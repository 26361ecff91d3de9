package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** A form's problems are its constraints' messages in the order of its fields. */
class ProblemsTest {

    record Form(@Pattern(regexp = "a|b", message = "first: a or b") String first,
            @NotBlank(message = "second: required") @Size(max = 3, message = "second: at most 3") String second,
            @NotBlank(message = "third: required") String third) {
    }

    final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void messagesComeInFieldOrder() {
        assertEquals(List.of("first: a or b", "second: at most 3", "third: required"),
                Problems.of(validator, new Form("c", "long", " ")));
        assertEquals(List.of("second: required", "third: required"), Problems.of(validator, new Form("a", null, null)));
    }

    @Test
    void aValidFormHasNone() {
        assertEquals(List.of(), Problems.of(validator, new Form("b", "ok", "x")));
    }
}
