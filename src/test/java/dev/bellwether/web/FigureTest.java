package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void formatsWithGroupingAndHalfUpRounding() {
        assertEquals("1,235", Figure.decimal(1234.5, 0));
        assertEquals("1,234.8", Figure.decimal(1234.75, 1));
        assertEquals("-1.3", Figure.decimal(-1.25, 1));
        assertEquals("0.50", Figure.decimal(0.5, 2));
        assertEquals("12.0000", Figure.decimal(12, 4));
    }

    /** Days read as days: one day is "1 day" (it read "1 days"), a half one keeps its decimal. */
    @Test
    void oneDayIsADay() {
        assertEquals("1 day", Figure.format(1.0, dev.bellwether.metrics.calc.MetricDefinition.Unit.DAYS, "USD"));
        assertEquals("14 days", Figure.format(14.0, dev.bellwether.metrics.calc.MetricDefinition.Unit.DAYS, "USD"));
        assertEquals("1.5 days", Figure.format(1.5, dev.bellwether.metrics.calc.MetricDefinition.Unit.DAYS, "USD"));
        // a health measure's count without a decimal, its unit agreeing; a percentage keeps its decimal
        assertEquals("3", Formats.measured(3.0, "openTickets"));
        assertEquals("7.5", Formats.measured(7.5, "daysSinceContact"));
        assertEquals("1 day", Formats.measured(1.0, "daysSinceContact") + " "
                + Formats.unitOf(1.0, "daysSinceContact"));
        assertEquals("50.0 %", Formats.measured(50.0, "seatUtilization") + " "
                + Formats.unitOf(50.0, "seatUtilization"));
    }

    /** A chart's value reads as the table's text beside it: -6.25 is -6.3 in both (Math.round gave -6.2). */
    @Test
    void chartValuesRoundAsTheTextDoes() {
        assertEquals(-6.3, Figure.rounded(-6.25, 1));
        assertEquals("-6.3", Figure.decimal(-6.25, 1));
        assertEquals(6.3, Figure.rounded(6.25, 1));
        assertEquals(1234.6, Figure.rounded(1234.56, 1));
        assertEquals(0.0, Figure.rounded(-0.04, 1));
    }

    /** A money tile is written short: "IDR 1,234,567,890" ran over its neighbour at 390 px. */
    @Test
    void aMoneyTileIsWrittenShortAndKeepsItsValue() {
        Figure pipeline = Figure.of(dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_PIPELINE,
                1_234_567_890.0, "IDR").shortened("IDR");
        assertEquals("IDR 1.23B", pipeline.display());
        assertEquals(1_234_567_890.0, pipeline.value());
        assertEquals("Expansion pipeline", pipeline.label());
        assertEquals("$8,479", Figure.of(dev.bellwether.metrics.calc.MetricDefinition.EXPANSION_PIPELINE, 8478.92,
                "USD").shortened("USD").display(), "below 10,000 in whole units");
        assertEquals("—", Figure.of(dev.bellwether.metrics.calc.MetricDefinition.ARR, null, "USD").shortened("USD")
                .display());
    }

    @Test
    void aValueThatRoundsToZeroFromBelowHasNoSign() {
        assertEquals("0", Figure.decimal(-0.4, 0));
        assertEquals("0.0", Figure.decimal(-0.04, 1));
        assertEquals("0.00", Figure.decimal(-0.001, 2));
        assertEquals("-0.1", Figure.decimal(-0.06, 1));
        assertEquals("-10", Figure.decimal(-10, 0));
    }

    /** An amount reads with its currency's English symbol, or with its code and a space when it has none. */
    @Test
    void moneyHasTheCurrencysSymbolOrItsCodeAndASpace() {
        assertEquals("$1,254,000", Figure.money(1_254_000, "USD"));
        assertEquals("€84", Figure.money(84, "EUR"));
        assertEquals("£1.25M", Figure.moneyShort(1_254_000, "GBP"));
        assertEquals("SEK 1,254,000", Figure.money(1_254_000, "SEK"));
        assertEquals("CHF 84.3K", Figure.moneyShort(84_300, "CHF"));
        // billions have their letter, and a figure that rounds up to the next unit is written in it
        assertEquals("¥15.00B", Figure.moneyShort(15_000_000_000.0, "JPY"));
        assertEquals("$1.50B", Figure.moneyShort(1.5e9, "USD"));
        assertEquals("$1.00M", Figure.moneyShort(999_960, "USD"));
        assertEquals("$1.00B", Figure.moneyShort(999_996_000, "USD"));
        assertEquals("$9,999", Figure.moneyShort(9_999, "USD"));
        assertEquals(1_250_000.0, Figure.moneyShortValue(1_254_000));
        assertEquals("$5", Figure.money(5, null));
    }

    @Test
    void threadsDoNotShareAFormatter() {
        List<String> texts = IntStream.range(0, 20_000).parallel().mapToObj(i -> Figure.decimal(i + 0.25, i % 3))
                .toList();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(fresh(i % 3).format(i + 0.25), texts.get(i));
        }
    }

    private static DecimalFormat fresh(int decimals) {
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.US));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format;
    }
}
