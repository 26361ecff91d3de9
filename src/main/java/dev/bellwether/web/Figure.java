package dev.bellwether.web;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;

import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.MetricDefinition.Unit;
import dev.bellwether.web.charts.ChartText;

/**
 * A number as a page shows it: the value written for its unit ("104.5 %", "$1,254,000", "14 days"),
 * or "—" with the reason it is undefined, plus the explanation of what it is.
 */
public record Figure(String key, String label, Double value, String display, String undefinedWhen, String explanation,
        String formula) {

    /** The figure of a metric definition. */
    public static Figure of(MetricDefinition definition, Double value, String currency) {
        return new Figure(definition.key(), definition.label(), value, format(value, definition.unit(), currency),
                definition.undefinedWhen() == null ? null : "Undefined: " + definition.undefinedWhen(),
                definition.explanation(), definition.formula());
    }

    public boolean defined() {
        return value != null;
    }

    /**
     * This money figure written short ("$1.25M", {@link #moneyShort}), for a tile: a tile is a sixth of the page
     * wide, half of a phone's, and "IDR 1,234,567,890" ran over its neighbour.
     */
    public Figure shortened(String currency) {
        return value == null ? this : new Figure(key, label, value, moneyShort(value, currency), undefinedWhen,
                explanation, formula);
    }

    /** A value written for its unit; null is {@link ChartText#NONE} ("—"), which a chart's table leaves out. */
    public static String format(Double value, Unit unit, String currency) {
        if (value == null) {
            return ChartText.NONE;
        }
        return switch (unit) {
            case MONEY -> money(value, currency);
            case PERCENT -> decimal(value, 1) + " %";
            case COUNT -> decimal(value, 0);
            case SCORE, DECIMAL -> decimal(value, unit == Unit.SCORE ? 1 : 2);
            case HOURS -> decimal(value, 1) + " h";
            case DAYS -> decimal(value, value == Math.rint(value) ? 0 : 1) + (value == 1 ? " day" : " days");
        };
    }

    /**
     * {@code value} rounded to {@code decimals} exactly as {@link #format} writes it (half away from
     * zero: -6.25 is -6.3), for a chart whose labels must read as the table beside it.
     */
    public static double rounded(double value, int decimals) {
        return Double.parseDouble(decimal(value, decimals).replace(",", ""));
    }

    /** "$1,254,000" (whole currency units); the currency's symbol as English speakers write it. */
    public static String money(double value, String currency) {
        return symbol(currency) + decimal(value, 0);
    }

    /** "$1.25M", "$84.3K", "¥15.00B" for tiles and axes. */
    public static String moneyShort(double value, String currency) {
        Scale unit = Scale.of(value);
        return unit == null ? money(value, currency)
                : symbol(currency) + decimal(value / unit.divisor, unit.decimals) + unit.suffix;
    }

    /** {@code value} as {@link #moneyShort} writes it ($1,254,000 is $1.25M: 1,250,000), to compare as read. */
    public static double moneyShortValue(double value) {
        Scale unit = Scale.of(value);
        return unit == null ? rounded(value, 0) : rounded(value / unit.divisor, unit.decimals) * unit.divisor;
    }

    /** The unit a short figure is written in, chosen by the figure as rounded: 999,960 is $1.00M, not $1,000.0K. */
    private enum Scale {
        TRILLIONS(1e12, 2, "T"), BILLIONS(1e9, 2, "B"), MILLIONS(1e6, 2, "M"), THOUSANDS(1e3, 1, "K");

        final double divisor;
        final int decimals;
        final String suffix;

        Scale(double divisor, int decimals, String suffix) {
            this.divisor = divisor;
            this.decimals = decimals;
            this.suffix = suffix;
        }

        /** The unit of {@code value}; null below 10,000 (written in whole units). */
        static Scale of(double value) {
            double abs = Math.abs(value);
            Scale[] units = values(); // largest first
            for (int i = 0; i < units.length; i++) {
                // 999,960 reaches no million, but written in thousands it would read 1,000.0K: it is $1.00M
                boolean roundsUp = i + 1 < units.length
                        && rounded(abs / units[i + 1].divisor, units[i + 1].decimals) >= 1_000;
                if (abs >= units[i].divisor || roundsUp) {
                    return units[i] == THOUSANDS && abs < 10_000 ? null : units[i];
                }
            }
            return null;
        }
    }

    /** "$", "€", "£"; a currency English writes by its code is "SEK " (with a space: "SEK 1,254,000"). */
    static String symbol(String currency) {
        String code = currency == null ? "USD" : currency;
        try {
            String symbol = Currency.getInstance(code).getSymbol(Locale.US);
            return symbol.equals(code) ? code + " " : symbol;
        } catch (IllegalArgumentException e) {
            return code + " ";
        }
    }

    /** Formats with 0 to 3 decimals, one set per thread (DecimalFormat is not thread-safe and costly to build). */
    private static final ThreadLocal<DecimalFormat[]> FORMATS = ThreadLocal.withInitial(() -> new DecimalFormat[4]);

    static String decimal(double value, int decimals) {
        String text = format(decimals).format(value);
        return isNegativeZero(text) ? text.substring(1) : text;
    }

    private static DecimalFormat format(int decimals) {
        if (decimals >= FORMATS.get().length) {
            return newFormat(decimals);
        }
        DecimalFormat[] formats = FORMATS.get();
        if (formats[decimals] == null) {
            formats[decimals] = newFormat(decimals);
        }
        return formats[decimals];
    }

    private static DecimalFormat newFormat(int decimals) {
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.US));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format;
    }

    /** "-0", "-0.0", "-0.00": a value that rounded to zero from below. */
    private static boolean isNegativeZero(String text) {
        if (text.length() < 2 || text.charAt(0) != '-' || text.charAt(1) != '0') {
            return false;
        }
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '0' && !(c == '.' && i == 2)) {
                return false;
            }
        }
        return text.length() == 2 || text.length() > 3;
    }
}
