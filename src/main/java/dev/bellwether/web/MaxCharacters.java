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
 * A text of at most {@link #value} characters once trimmed, counted as a person counts them (code
 * points: an emoji is one, not the two UTF-16 units {@code @Size} counts), as the database's
 * {@code length(btrim(...))} checks do; half an emoji (a lone surrogate) is refused too, as no character.
 * The message starts with the field's name and a colon. Null passes: {@code @NotBlank} or {@link Visible} says
 * when text is required.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MaxCharacters.Validator.class)
public @interface MaxCharacters {

    int value();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Counts the trimmed text's code points. */
    class Validator implements ConstraintValidator<MaxCharacters, String> {

        private int max;

        @Override
        public void initialize(MaxCharacters annotation) {
            max = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String trimmed = value.trim();
            if (!Text.wellFormed(trimmed)) { // the database would keep "?" in its place
                String message = context.getDefaultConstraintMessageTemplate();
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(message.substring(0, message.indexOf(':') + 1)
                        + " holds a lone UTF-16 surrogate (half of an emoji), which is not a character")
                        .addConstraintViolation();
                return false;
            }
            return trimmed.codePointCount(0, trimmed.length()) <= max;
        }
    }
}
