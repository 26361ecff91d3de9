package dev.bellwether.account;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.bellwether.web.MaxCharacters;
import dev.bellwether.web.Visible;

/**
 * A manual band for an account: the body of {@code PUT /api/v1/accounts/{id}/override} and what
 * the account page's override form posts. The constraints' messages are what the user reads
 * (422), in the order of the fields.
 */
public record OverrideRequest(
        @NotNull(message = BAND) @Pattern(regexp = "healthy|needs_attention|at_risk", message = BAND) String band,
        @Visible(message = "reason: say why the computed band is wrong")
        @MaxCharacters(value = REASON_MAX, message = "reason: at most 2,000 characters") String reason,
        @OverrideExpiry String expiresOn) {

    static final String BAND = "band: choose healthy, needs_attention or at_risk";
    static final int REASON_MAX = 2000;

    /** {@code expiresOn} as a date; null when it is missing or not a date (then the request is not valid). */
    public LocalDate expiresOnDate() {
        return date(expiresOn);
    }

    static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
