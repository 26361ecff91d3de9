package dev.bellwether.account;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.web.Figure;
import dev.bellwether.web.Formats;
import dev.bellwether.web.charts.ChartText;
import dev.bellwether.web.charts.HistoryChart;
import dev.bellwether.web.charts.LineChart;

/**
 * The account page's charts: health and MRR by month, usage by week, each with its text alternative.
 * Their value axes start at zero (health runs 0 to 100), so a 12 % drop looks like one.
 */
final class AccountCharts {

    private AccountCharts() {
    }

    /**
     * The history month by month from its first month through {@code through} (the reporting month): a
     * month the account was not paying in has no stored figures, and shows as MRR 0 with no score, so a
     * churned account's chart ends at zero and a pause shows as one instead of being skipped.
     */
    static List<AccountBook.HistoryPoint> calendar(List<AccountBook.HistoryPoint> history, YearMonth through) {
        if (history.isEmpty()) {
            return history;
        }
        YearMonth last = history.get(history.size() - 1).month();
        YearMonth end = through != null && through.isAfter(last) ? through : last;
        List<AccountBook.HistoryPoint> months = new ArrayList<>();
        int next = 0;
        int version = history.get(0).modelVersion();
        for (YearMonth m = history.get(0).month(); !m.isAfter(end); m = m.plusMonths(1)) {
            if (next < history.size() && history.get(next).month().equals(m)) {
                AccountBook.HistoryPoint point = history.get(next++);
                version = point.modelVersion();
                months.add(point);
            } else {
                months.add(new AccountBook.HistoryPoint(m, 0, null, null, version));
            }
        }
        return months;
    }

    /**
     * The recomputed health history with a marker where each saved model version took effect: the
     * month it was saved in, or the last month shown when it was saved after the data ends.
     */
    static HistoryChart health(List<AccountBook.HistoryPoint> history, List<HealthModelStore.Versioned> versions) {
        List<String> labels = history.stream().map(h -> h.month().toString()).toList();
        List<Double> values = history.stream().map(h -> h.health() == null ? null : Figure.rounded(h.health(), 1))
                .toList();
        // the bands the points were banded with: the scoring version's, not a newer one still being recalculated
        int scoredWith = history.isEmpty() ? -1 : history.get(history.size() - 1).modelVersion();
        HealthModel.Bands bands = scoredWith == 0 ? HealthModel.defaults().bands()
                : versions.stream().filter(v -> v.version() == scoredWith).findFirst()
                        .or(() -> versions.stream().findFirst()).map(v -> v.model().bands())
                        .orElse(HealthModel.defaults().bands());
        Map<String, List<Integer>> byMonth = new TreeMap<>();
        if (!labels.isEmpty()) {
            YearMonth first = history.get(0).month();
            YearMonth last = history.get(history.size() - 1).month();
            for (HealthModelStore.Versioned v : versions) {
                if (v.createdAt() == null) {
                    continue;
                }
                YearMonth saved = YearMonth.from(v.createdAt().atZone(ZoneOffset.UTC));
                if (saved.isBefore(first)) {
                    continue;
                }
                YearMonth at = saved.isAfter(last) ? last : saved;
                byMonth.computeIfAbsent(at.toString(), k -> new ArrayList<>()).add(v.version());
            }
        }
        List<HistoryChart.Marker> markers = new ArrayList<>();
        byMonth.forEach((month, numbers) -> markers.add(new HistoryChart.Marker(month, "model v"
                + numbers.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", v" + b).orElse(""))));
        return new HistoryChart(labels, values, bands.healthy(), bands.atRisk(), markers);
    }

    /** "Health 62.3 in 2026-10 (healthy from 70, at risk below 40), against 71.0 in 2025-11", and a row per month. */
    static ChartText healthText(List<AccountBook.HistoryPoint> history, HistoryChart chart) {
        List<List<String>> rows = new ArrayList<>();
        AccountBook.HistoryPoint first = null;
        AccountBook.HistoryPoint last = null;
        for (AccountBook.HistoryPoint h : history) {
            rows.add(List.of(h.month().toString(), h.health() == null ? "no score" : one(h.health())));
            if (h.health() != null) {
                first = first == null ? h : first;
                last = h;
            }
        }
        String bands = " (healthy from " + one(chart.healthy()) + ", at risk below " + one(chart.atRisk()) + ")";
        String summary = last == null ? "No health score in the months shown" + bands + "."
                : "Health " + one(last.health()) + " in " + last.month() + bands
                        + (first == last ? "." : ", against " + one(first.health()) + " in " + first.month() + ".");
        return new ChartText(summary, List.of("Month", "Health"), rows);
    }

    /** "MRR $1,200 in 2026-10, against $1,365 in 2025-11 (−12.1 %)", and a row per month. */
    static ChartText mrrText(List<AccountBook.HistoryPoint> history, String currency) {
        List<List<String>> rows = new ArrayList<>();
        for (AccountBook.HistoryPoint h : history) {
            rows.add(List.of(h.month().toString(), Figure.money(h.mrr(), currency)));
        }
        if (history.isEmpty()) {
            return ChartText.of("No MRR recorded.");
        }
        AccountBook.HistoryPoint first = history.get(0);
        AccountBook.HistoryPoint last = history.get(history.size() - 1);
        // signed as every change on the pages: one that reads 0.0 is "±0.0 %", never "−0.0 %"
        String change = first.mrr() == 0 ? ""
                : " (" + Formats.signed((last.mrr() - first.mrr()) / first.mrr() * 100) + " %)";
        String summary = "MRR " + Figure.money(last.mrr(), currency) + " in " + last.month()
                + (history.size() == 1 ? "." : ", against " + Figure.money(first.mrr(), currency) + " in "
                        + first.month() + change + ". The axis starts at zero.");
        return new ChartText(summary, List.of("Month", "MRR"), rows);
    }

    /** "In the week of 2026-10-26: 1,234 events by 12 active users", and a row per week. */
    static ChartText usageText(List<AccountRecords.UsageWeek> usage) {
        List<List<String>> rows = new ArrayList<>();
        for (AccountRecords.UsageWeek u : usage) {
            rows.add(List.of(u.week().toString(), String.format(Locale.US, "%,d", u.events()),
                    String.format(Locale.US, "%,d", u.activeUsers())));
        }
        if (usage.stream().allMatch(u -> u.events() == 0)) {
            return ChartText.of("No usage recorded in the weeks shown.");
        }
        AccountRecords.UsageWeek last = usage.get(usage.size() - 1);
        long total = usage.stream().mapToLong(AccountRecords.UsageWeek::events).sum();
        String summary = "In the week of " + last.week() + ": " + String.format(Locale.US, "%,d", last.events())
                + " events by " + last.activeUsers() + (last.activeUsers() == 1 ? " active user" : " active users")
                + "; " + String.format(Locale.US, "%,d", total) + " events over the " + usage.size() + " weeks shown.";
        return new ChartText(summary, List.of("Week of", "Events", "Active users"), rows);
    }

    /** One decimal as the page and the chart's points have it. */
    private static String one(double value) {
        return Figure.format(value, MetricDefinition.Unit.SCORE, null);
    }

    /** MRR by month, as an area. */
    static LineChart mrr(List<AccountBook.HistoryPoint> history) {
        return new LineChart("money", null, history.stream().map(h -> h.month().toString()).toList(),
                List.of(new LineChart.Series("MRR", null, null,
                        history.stream().map(AccountBook.HistoryPoint::mrr).toList(), true)),
                null);
    }

    /** Events (bars, left axis) and distinct active users (line, right axis) by week. */
    static LineChart usage(List<AccountRecords.UsageWeek> usage) {
        return new LineChart("events", "users", usage.stream().map(u -> u.week().toString()).toList(),
                List.of(new LineChart.Series("Events", "bar", null,
                        usage.stream().map(AccountRecords.UsageWeek::events).toList(), null),
                        new LineChart.Series("Active users", null, 1,
                                usage.stream().map(AccountRecords.UsageWeek::activeUsers).toList(), null)),
                null);
    }
}
