package dev.bellwether.dashboard;

import java.util.Arrays;
import java.util.Optional;

/**
 * The KPIs that get an owner and a review cadence on /admin/targets, with the seeds' default
 * cadences: health and alerts weekly; NRR, GRR, churn and expansion monthly; CLV and CES quarterly.
 * NPS and ARR, also executive tiles, default to monthly.
 */
public enum Kpi {
    PERCENT_HEALTHY("percentHealthy", "% healthy", ReviewCadence.WEEKLY),
    ALERTS("alerts", "Open alerts", ReviewCadence.WEEKLY),
    NRR("nrr", "Net revenue retention", ReviewCadence.MONTHLY),
    GRR("grr", "Gross revenue retention", ReviewCadence.MONTHLY),
    LOGO_CHURN_RATE("logoChurnRate", "Logo churn", ReviewCadence.MONTHLY),
    EXPANSION_RATE("expansionRate", "Expansion rate", ReviewCadence.MONTHLY),
    NPS("nps", "NPS", ReviewCadence.MONTHLY),
    ARR("arr", "ARR", ReviewCadence.MONTHLY),
    CLV("clv", "Customer lifetime value", ReviewCadence.QUARTERLY),
    CES("ces", "CES", ReviewCadence.QUARTERLY);

    private final String key;
    private final String label;
    private final ReviewCadence defaultCadence;

    Kpi(String key, String label, ReviewCadence defaultCadence) {
        this.key = key;
        this.label = label;
        this.defaultCadence = defaultCadence;
    }

    /** The metric's key, as the API and the tiles name it. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public ReviewCadence defaultCadence() {
        return defaultCadence;
    }

    public static Optional<Kpi> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
