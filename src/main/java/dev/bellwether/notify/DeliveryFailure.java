package dev.bellwether.notify;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import dev.bellwether.platform.Text;
import io.vertx.ext.mail.SMTPException;

/**
 * What a failed delivery says about the next attempt. A refusal that sending again will not change (a
 * webhook's 404 or 410 when its app was removed, a mail server's 550 5.1.1 for an unknown address) is final: the
 * message is failed at once instead of being sent eight times over an hour. A webhook that says how long to
 * wait (429 or 503 with {@code Retry-After}) is waited for at least that long.
 */
public final class DeliveryFailure {

    private DeliveryFailure() {
    }

    /** A webhook's answer that no retry changes: 4xx but 408 (timeout) and 429 (too many). */
    public static final class Refused extends IOException {

        private static final long serialVersionUID = 1L;

        Refused(int status) {
            this("The webhook refused it: HTTP " + status + " (not sent again)");
        }

        private Refused(String message) {
            super(message);
        }
    }

    /** A webhook's "not now" with when to come back. */
    public static final class Later extends IOException {

        private static final long serialVersionUID = 1L;

        private final transient Duration after;

        Later(int status, Duration after) {
            super("The webhook answered HTTP " + status + ", asking to wait " + after.toSeconds() + " s");
            this.after = after;
        }
    }

    /** Whether {@code failure} (or its cause) is final: no attempt is to follow. */
    public static boolean isFinal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // of a mail server's refusals only the address's (5.1.x): "relaying denied" (5.7.1) after a change of
            // its settings, a block list, pass once they are fixed, and the message should go out then
            // and of the recipient's address alone, not our sender's (5.1.8 "bad outbound sender" is a setting)
            if (t instanceof Refused || t instanceof SMTPException smtp && smtp.isPermanent()
                    && smtp.getEnhancedStatus() == SMTPException.EnhancedStatus.OTHER_ADDRESS
                    && String.valueOf(smtp.getMessage()).startsWith("recipient address not accepted")) {
                return true;
            }
        }
        return false;
    }

    /** How long the sender asked to wait before the next attempt, if it did. */
    public static Optional<Duration> waitAsked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Later later) {
                return Optional.of(later.after);
            }
        }
        return Optional.empty();
    }

    /**
     * The failure a webhook's non-2xx answer is: final (a 4xx, or a redirect, which is not followed), waited for,
     * or an ordinary one to retry. {@code retryAfter}
     * is read in both of HTTP's forms (RFC 9110): seconds, or a date, which {@code now} turns into a wait.
     */
    static IOException ofWebhook(int status, Optional<String> retryAfter, Optional<String> location, Instant now) {
        if (status / 100 == 4 && status != 408 && status != 429) {
            return new Refused(status);
        }
        if (status / 100 == 3) {
            // redirects are not followed (the address they lead to is not checked), so every retry would get the
            // same: final at once, saying where it pointed
            return new Refused("The webhook redirected it (HTTP " + status + location.map(l -> " to "
                    + Text.printable(l, 200)).orElse("") + "): redirects are not followed, so save the address it"
                    + " leads to as the webhook's URL (not sent again)");
        }
        Optional<Duration> after = retryAfter.map(String::strip).flatMap(v -> waitOf(v, now));
        if ((status == 429 || status == 503) && after.isPresent()) {
            return new Later(status, after.get());
        }
        return new IOException("The webhook answered HTTP " + status);
    }

    private static Optional<Duration> waitOf(String retryAfter, Instant now) {
        if (retryAfter.matches("\\d{1,7}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter)));
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(retryAfter,
                    DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() || until.isZero() ? Optional.empty() : Optional.of(until.withNanos(0));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
