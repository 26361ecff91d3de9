package dev.bellwether.account;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.web.charts.HistoryChart;
import dev.bellwether.web.charts.LineChart;

/** The account page's charts: health and MRR by month, usage by week. */
final class AccountCharts {

    private AccountCharts() {
    }

    /**
     * The recomputed health history with a marker where each saved model version took effect: the
     * month it was saved in, or the last month shown when it was saved after the data ends.
     */
    static HistoryChart health(List<AccountBook.HistoryPoint> history, List<HealthModelStore.Versioned> versions) {
        List<String> labels = history.stream().map(h -> h.month().toString()).toList();
        List<Double> values = history.stream().map(h -> h.health() == null ? null : Math.round(h.health() * 10) / 10.0)
                .toList();
        HealthModel.Bands bands = versions.isEmpty() ? new HealthModel.Bands(70, 40) : versions.get(0).model().bands();
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
