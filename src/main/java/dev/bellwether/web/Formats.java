package dev.bellwether.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** How pages write numbers, amounts, times and durations. */
@TemplateExtension
public final class Formats {

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

    /** An instant as "2026-03-01 14:05 UTC". */
    public static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
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
}
