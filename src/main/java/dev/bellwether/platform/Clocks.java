package dev.bellwether.platform;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The one source of "now" and "today": a UTC {@link Clock}. Inject {@code Clock} wherever a date or
 * instant depends on the present; tests replace it with a fixed clock ({@code @DefaultBean} makes the
 * replacement a plain producer of their own).
 */
@ApplicationScoped
public class Clocks {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
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
