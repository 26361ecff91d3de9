package dev.bellwether.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import dev.bellwether.health.Measure;
import dev.bellwether.platform.Clocks;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

/** How pages write numbers, amounts, times and durations. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.US);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** 1234567 → "1,234,567". */
    public static String grouped(long value) {
        return NumberFormat.getIntegerInstance(Locale.US).format(value);
    }

    /** 1234567 → "1,234,567". */
    public static String grouped(int value) {
        return grouped((long) value);
    }

    /** 1234567 → "1,234,567" for boxed values; null → "—". */
    public static String grouped(Long value) {
        return value == null ? "—" : grouped(value.longValue());
    }

    /** 1234567 → "1,234,567" for boxed values (a template calls nothing on null: guard it there). */
    public static String grouped(Integer value) {
        return value == null ? "—" : grouped(value.longValue());
    }

    /** An instant as "2026-03-01 14:05 UTC". */
    public static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }

    /**
     * An instant as a {@code <time datetime>} takes it: "2026-03-01T14:05:09.123Z". HTML allows at most three digits
     * of a second; the clock keeps six, which {@link Instant#toString} writes.
     */
    public static String iso(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A month as "October 2026". */
    public static String label(YearMonth month) {
        return month == null ? "—" : month.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + " " + month.getYear();
    }

    /** A date as "12 Mar 2026". */
    public static String day(LocalDate date) {
        return date == null ? "—" : DAY.format(date);
    }

    /** An amount in the tenant's currency, whole units: "$1,254,000". */
    public static String money(double value, String currency) {
        return Figure.money(value, currency);
    }

    /** One decimal: "77.9"; null is "—". */
    public static String one(Double value) {
        return value == null ? "—" : Figure.decimal(value, 1);
    }

    /**
     * A health measure's value or bound as the account page writes it: a counted measure's whole number without a
     * decimal (3 open tickets, 14 days since contact; it read "3.0" and "14.0 days"), anything else with one.
     */
    public static String measured(Double value, String measure) {
        if (value == null) {
            return "—";
        }
        boolean counted = Measure.of(measure).map(Measure::counted).orElse(false);
        return Figure.decimal(value, counted && value == Math.rint(value) ? 0 : 1);
    }

    /**
     * The unit {@code measure}'s {@code value} is written with: "1 day", "14 days", "%", or "" for a count (a
     * template calls nothing on a null value: it writes the measure's own unit then).
     */
    public static String unitOf(Double value, String measure) {
        return Measure.of(measure).map(m -> value == null ? m.unit() : m.unit(value)).orElse("");
    }

    /** "+3.2" or "−4.1" (a true minus sign), for changes. */
    public static String signed(Double value) {
        if (value == null) {
            return "—";
        }
        String digits = Figure.decimal(Math.abs(value), 1);
        // the sign of what is written: a change that reads 0.0 is "±", whichever side of zero it lies
        return ("0.0".equals(digits) ? "±" : value > 0 ? "+" : "−") + digits;
    }

    /** "up", "down" or "flat", for styling a change. */
    public static String sign(Double value) {
        return value == null || Math.abs(value) < 0.05 ? "flat" : value > 0 ? "up" : "down";
    }

    /** A band key as people read it: "at_risk" → "At risk". */
    public static String bandLabel(String band) {
        return band == null ? "No score" : switch (band) {
            case "healthy" -> "Healthy";
            case "needs_attention" -> "Needs attention";
            case "at_risk" -> "At risk";
            default -> band;
        };
    }

    /** "in 23 days", "today", "12 days ago". */
    public static String daysFromToday(LocalDate date) {
        if (date == null) {
            return "";
        }
        LocalDate today = Clocks.today(Arc.container().instance(Clock.class).get());
        long days = java.time.temporal.ChronoUnit.DAYS.between(today, date);
        return days == 0 ? "today" : days > 0 ? "in " + days + (days == 1 ? " day" : " days")
                : -days + (days == -1 ? " day ago" : " days ago");
    }

    /** Milliseconds as "850 ms", "12.4 s" or "3 min 05 s". */
    public static String duration(Long millis) {
        if (millis == null) {
            return "—";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(1000), 1, RoundingMode.HALF_UP) + " s";
        }
        Duration d = Duration.ofMillis(millis);
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    /** Bytes as "812 KB" or "124.6 MB". */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "—";
        }
        if (bytes < 1024 * 1024) {
            return Math.max(1, (bytes + 1023) / 1024) + " KB";
        }
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024 * 1024), 1, RoundingMode.HALF_UP) + " MB";
    }

    /**
     * A configured limit in bytes as exactly as it was set: "200 MB", "512 KB", "1500 bytes" (never rounded: a
     * limit of 512 KB read "0 MB", and one of 1,500 KB "1 MB" while bodies of 1.4 MB were taken).
     */
    public static String limit(long bytes) {
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return (bytes / (1024 * 1024)) + " MB";
        }
        if (bytes > 0 && bytes % 1024 == 0) {
            return (bytes / 1024) + " KB";
        }
        return bytes + " bytes";
    }

    /** "usage" → "Usage". */
    public static String capitalize(String value) {
        return value == null || value.isEmpty() ? value : Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }

    /** An instant's day in UTC: "3 Oct 2026". */
    public static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant.atZone(ZoneOffset.UTC));
    }

    /** A percentage with one decimal, "—" when undefined. */
    public static String pct(Double value) {
        return value == null ? "—" : one(value) + " %";
    }
}
