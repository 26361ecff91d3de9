package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.ACTIVE_ACCOUNTS;
import static dev.bellwether.metrics.calc.MetricDefinition.ARR;
import static dev.bellwether.metrics.calc.MetricDefinition.ENDING_MRR;
import static dev.bellwether.metrics.calc.MetricDefinition.GRR;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_CHURN_RATE;
import static dev.bellwether.metrics.calc.MetricDefinition.NPS;
import static dev.bellwether.metrics.calc.MetricDefinition.NRR;
import static dev.bellwether.metrics.calc.MetricDefinition.PERCENT_HEALTHY;
import static dev.bellwether.metrics.calc.MetricDefinition.STARTING_MRR;

/** One slice of a breakdown (docs/api.md, Analytics): its key and headline figures; null where undefined. */
public record SliceRow(String key, int activeAccounts, double startingMrr, double endingMrr, double arr, Double nrr,
        Double grr, Double logoChurnRate, Double percentHealthy, Double nps) {

    public static SliceRow of(String key, TenantMetrics metrics) {
        return new SliceRow(key, metrics.count(ACTIVE_ACCOUNTS), metrics.amount(STARTING_MRR),
                metrics.amount(ENDING_MRR), metrics.amount(ARR), metrics.get(NRR), metrics.get(GRR),
                metrics.get(LOGO_CHURN_RATE), metrics.get(PERCENT_HEALTHY), metrics.get(NPS));
    }
}
