package dev.bellwether.health;

import java.util.Arrays;
import java.util.Optional;

/** The measures the health score is made of (docs/metrics.md), with their JSON names. */
public enum Measure {
    SEAT_UTILIZATION("seatUtilization", "Seat utilization", "%"),
    USAGE_TREND("usageTrend", "Usage trend", "%"),
    DAYS_SINCE_CONTACT("daysSinceContact", "Days since contact", "days"),
    OPEN_TICKETS("openTickets", "Open tickets", ""),
    NPS("nps", "Account NPS", ""),
    CSAT("csat", "Account CSAT", "%"),
    MRR_CHANGE_3M("mrrChange3m", "3-month MRR change", "%");

    private final String key;
    private final String label;
    private final String unit;

    Measure(String key, String label, String unit) {
        this.key = key;
        this.label = label;
        this.unit = unit;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** Whether its values are whole counts (days, tickets): written without a decimal when they are whole. */
    public boolean counted() {
        return this == DAYS_SINCE_CONTACT || this == OPEN_TICKETS;
    }

    /** Its unit after {@code value}: "1 day", not "1 days". */
    public String unit(double value) {
        return value == 1 && "days".equals(unit) ? "day" : unit;
    }

    public static Optional<Measure> of(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }
}
