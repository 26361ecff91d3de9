package dev.bellwether.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * When the digests' morning run comes ({@code bellwether.notifications.digest-cron}, read as the scheduler reads it:
 * a Quartz expression, in UTC).
 */
final class DigestRuns {

    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private DigestRuns() {
    }

    /**
     * The UTC day of the first run after {@code now}: today while today's run is still to come, else a later day.
     * Today when there is no run: the expression names none, or the schedule is switched off ({@code off} or
     * {@code disabled}, as the scheduler takes them: digests then go only when an admin runs them).
     */
    static LocalDate nextDay(String cron, Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        String expression = cron == null ? "" : cron.strip();
        if (expression.isEmpty() || expression.equalsIgnoreCase("off") || expression.equalsIgnoreCase("disabled")) {
            return at.toLocalDate();
        }
        try {
            return ExecutionTime.forCron(QUARTZ.parse(expression)).nextExecution(at)
                    .map(next -> next.withZoneSameInstant(ZoneOffset.UTC).toLocalDate()).orElse(at.toLocalDate());
        } catch (IllegalArgumentException e) { // the scheduler refuses it at start: not reached in a running app
            return at.toLocalDate();
        }
    }
}
