package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.Ratios.ratio;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import dev.bellwether.health.Band;

/**
 * docs/metrics.md's health accuracy: for each month X of the 12 ending at M−3, the accounts banded
 * healthy at X still paying at X+3, and the accounts banded at risk at X no longer paying then.
 */
final class Backtest {

    /** The months of the backtest: the 12 ending at M−3. */
    static final int BACKTEST_MONTHS = 12;
    static final int BACKTEST_HORIZON = 3;

    private Backtest() {
    }

    static HealthAccuracy accuracy(Months months, List<AccountResult> accounts) {
        int m = months.count() - 1;
        List<AccuracyMonth> rows = new ArrayList<>();
        int healthyTotal = 0;
        int stillActiveTotal = 0;
        int atRiskTotal = 0;
        int churnedTotal = 0;
        for (int k = BACKTEST_MONTHS - 1; k >= 0; k--) {
            int x = m - BACKTEST_HORIZON - k;
            YearMonth month = months.month(0).plusMonths(x);
            int healthy = 0;
            int stillActive = 0;
            int atRisk = 0;
            int churned = 0;
            if (x >= 0) {
                for (AccountResult result : accounts) {
                    Band band = result.band(x);
                    boolean activeLater = result.facts().mrr(x + BACKTEST_HORIZON) > 0;
                    if (band == Band.HEALTHY) {
                        healthy++;
                        stillActive += activeLater ? 1 : 0;
                    } else if (band == Band.AT_RISK) {
                        atRisk++;
                        churned += activeLater ? 0 : 1;
                    }
                }
            }
            rows.add(new AccuracyMonth(month.toString(), healthy, ratio(stillActive, healthy), atRisk,
                    ratio(churned, atRisk)));
            healthyTotal += healthy;
            stillActiveTotal += stillActive;
            atRiskTotal += atRisk;
            churnedTotal += churned;
        }
        return new HealthAccuracy(rows, new AccuracyTotal(healthyTotal, ratio(stillActiveTotal, healthyTotal),
                ratio(healthyTotal - stillActiveTotal, healthyTotal), atRiskTotal, ratio(churnedTotal, atRiskTotal)));
    }
}
