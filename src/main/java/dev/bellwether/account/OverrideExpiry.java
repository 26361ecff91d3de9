package dev.bellwether.account;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.LocalDate;

import jakarta.inject.Inject;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import dev.bellwether.platform.Clocks;

/**
 * An override's end: a date (YYYY-MM-DD) after today and at most {@link HealthOverrides#MAX_DAYS}
 * days ahead. The message names the dates that apply today.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OverrideExpiry.Validator.class)
public @interface OverrideExpiry {

    String message() default "expiresOn: a date (YYYY-MM-DD) at most " + HealthOverrides.MAX_DAYS
            + " days ahead is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the date against today (the injected clock, UTC). */
    class Validator implements ConstraintValidator<OverrideExpiry, String> {

        @Inject
        Clock clock;

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            LocalDate expires = OverrideRequest.date(value);
            if (expires == null) {
                return false;
            }
            LocalDate today = Clocks.today(clock);
            LocalDate latest = today.plusDays(HealthOverrides.MAX_DAYS);
            String problem = !expires.isAfter(today) ? "expiresOn: must be after today (" + today + ")"
                    : expires.isAfter(latest)
                            ? "expiresOn: at most " + HealthOverrides.MAX_DAYS + " days ahead, so " + latest
                                    + " at the latest"
                            : null;
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
