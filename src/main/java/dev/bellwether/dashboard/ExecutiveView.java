package dev.bellwether.dashboard;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import dev.bellwether.web.Figure;
import dev.bellwether.web.charts.DescribedChart;

/**
 * What the executive dashboard shows for one month; its cohort and breakdown panels are built on their own
 * ({@link ExecutiveAnalytics}), as their switches ask for them.
 */
public record ExecutiveView(YearMonth month, List<YearMonth> months, Instant computedAt, List<Tile> tiles,
        DescribedChart waterfall, DescribedChart retention, DescribedChart bands, List<Figure> more) {

    /** The accounts behind a figure of "All figures" (CLV, expansion rate, CES), in the CSM list; null when none. */
    public ExecutiveDrill accounts(Figure figure) {
        return ExecutiveDrill.of(figure.key());
    }

    /**
     * A KPI tile: the figure, its target, whether it is met, the change against the previous month
     * ({@code trend} up, down or flat; {@code trendGood} whether that direction is good news) and
     * the 12-month sparkline's data.
     */
    public record Tile(Figure figure, String targetDisplay, Boolean onTarget, String change, String trend,
            boolean trendGood, String previousMonth, String spark) {

        /** The accounts behind the tile, in the CSM list; null when no list stands behind it. */
        public ExecutiveDrill accounts() {
            return ExecutiveDrill.of(figure.key());
        }
    }
}
