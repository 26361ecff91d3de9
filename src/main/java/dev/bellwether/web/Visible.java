package dev.bellwether.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import dev.bellwether.platform.Text;

/**
 * Required text that shows as something: not null, and not made only of spaces and characters that show as
 * nothing ({@link Text#looksEmpty}: a no-break or a zero-width space alone, which {@code @NotBlank} lets through and
 * a page would show as empty).
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Visible.Validator.class)
public @interface Visible {

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses null and text that looks empty. */
    class Validator implements ConstraintValidator<Visible, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value != null && !Text.looksEmpty(value);
        }
    }
}
