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
     * Today when the expression names no run at all (the scheduler would not start either).
     */
    static LocalDate nextDay(String cron, Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        return ExecutionTime.forCron(QUARTZ.parse(cron)).nextExecution(at)
                .map(next -> next.withZoneSameInstant(ZoneOffset.UTC).toLocalDate()).orElse(at.toLocalDate());
    }
}
