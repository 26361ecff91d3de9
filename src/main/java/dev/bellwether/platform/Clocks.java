package dev.bellwether.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The one source of "now" and "today": a UTC {@link Clock} that ticks in microseconds, the precision
 * PostgreSQL keeps, so an instant an answer gives is the one read back later (a task's {@code createdAt}
 * said {@code …12.345678912Z} when created and {@code …12.345679Z} ever after). Inject {@code Clock}
 * wherever a date or instant depends on the present; tests replace it with a fixed clock
 * ({@code @DefaultBean} makes the replacement a plain producer of their own).
 */
@ApplicationScoped
public class Clocks {

    private static final Duration MICROSECOND = Duration.ofNanos(1_000);

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), MICROSECOND);
    }

    /** Today in UTC according to {@code clock}. */
    public static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
    }

    /** The current month in UTC according to {@code clock}. */
    public static YearMonth thisMonth(Clock clock) {
        return YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC));
    }
}
