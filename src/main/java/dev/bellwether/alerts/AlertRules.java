package dev.bellwether.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The alert rules of docs/metrics.md, evaluated for one active account at the reporting month's last
 * day D. Pure: the account's figures in, "fires, and why" out.
 */
public final class AlertRules {

    private AlertRules() {
    }

    /**
     * What the rules look at.
     *
     * @param health          health at M (null: insufficient data)
     * @param previousHealth  health at M−1 (null: none)
     * @param atRisk          banded at risk at M
     * @param healthy         banded healthy at M
     * @param bandLabel       the band's name at M as people read it ("needs attention"), null when not scored
     * @param lowestNps30     the lowest NPS answer in (D−30, D], or null
     * @param daysSinceContact D − the latest activity on or before D, or null when there is none
     */
    public record Inputs(Double health, Double previousHealth, boolean atRisk, boolean healthy, String bandLabel,
            Double usageTrend, Integer lowestNps30, LocalDate renewalDate, Integer daysSinceContact,
            LocalDate customerSince, LocalDate d) {
    }

    /** Why {@code setting}'s rule fires for this account, or null when it does not. */
    public static String evaluate(AlertSetting setting, Inputs in) {
        Double threshold = setting.threshold();
        return switch (setting.rule()) {
            case AT_RISK -> in.atRisk() ? "Health " + one(in.health()) + " is in the at-risk band" : null;
            // a threshold of 0 is any fall, not an unchanged score
            case HEALTH_DROP -> in.health() != null && in.previousHealth() != null
                    && in.previousHealth() - in.health() >= threshold && in.previousHealth() > in.health()
                            ? fell(one(in.previousHealth()), one(in.health())) : null;
            case USAGE_DECLINE -> in.usageTrend() != null && in.usageTrend() <= threshold
                    ? "Usage " + one(in.usageTrend()) + " % against the 30 days before" : null;
            case DETRACTOR -> in.lowestNps30() != null && in.lowestNps30() <= threshold
                    ? "An NPS answer of " + in.lowestNps30() + " in the last 30 days" : null;
            case RENEWAL_RISK -> renewalRisk(in, threshold);
            case NO_CONTACT -> noContact(in, threshold);
        };
    }

    private static String renewalRisk(Inputs in, double days) {
        if (in.renewalDate() == null || in.renewalDate().isBefore(in.d())
                || in.renewalDate().isAfter(in.d().plusDays((long) days)) || in.healthy()) {
            return null;
        }
        long after = ChronoUnit.DAYS.between(in.d(), in.renewalDate());
        String when = after == 0 ? ", the reporting month's last day,"
                : ", " + after + (after == 1 ? " day" : " days") + " after the reporting month ended (" + in.d() + "),";
        return "Renews on " + in.renewalDate() + when + (in.bandLabel() == null ? " and has no health score"
                : " and is in the " + in.bandLabel().toLowerCase(Locale.ROOT).replace(' ', '-') + " band");
    }

    private static String noContact(Inputs in, double days) {
        if (in.daysSinceContact() != null) {
            return in.daysSinceContact() > days ? "No contact for " + in.daysSinceContact() + " days" : null;
        }
        return in.customerSince() != null && in.customerSince().isBefore(in.d().minusDays((long) days))
                ? "No recorded contact since becoming a customer on " + in.customerSince() : null;
    }

    /** Values this far from a tie round the same way in any decimal form of them (see {@link #one}). */
    private static final double CLEAR_OF_A_TIE = 1e-6;

    /**
     * {@code value} with one decimal as the pages write it ({@code web.Figure}): the double's exact value
     * rounded half away from zero (1.45, stored as 1.4499…, is 1.4), and no "-0.0". Without a formatter: a
     * recalculation words thousands of alerts, and the formatter took most of the time it spent on them
     * (16 of 20 profile samples). Values within a hair of a tie (x.x5) and large ones are rounded exactly
     * by {@link BigDecimal}, non-numbers written as the formatter writes them.
     */
    static String one(double value) {
        double scaled = Math.abs(value) * 10;
        long whole = (long) scaled;
        double fraction = scaled - whole;
        if (!Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (!(scaled < 1e8) || Math.abs(fraction - 0.5) < CLEAR_OF_A_TIE) {
            BigDecimal exact = new BigDecimal(value).setScale(1, RoundingMode.HALF_UP);
            return exact.signum() == 0 ? "0.0" : exact.toPlainString();
        }
        long tenths = fraction > 0.5 ? whole + 1 : whole;
        return (value < 0 && tenths > 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
    }

    /**
     * The fall between two scores as they are shown: 55.06 to 40.04 reads "fell 15.1 points, from 55.1 to 40.0", as
     * the CSM list's change column has it (from the rounded scores), not the unrounded 15.02's "15.0".
     */
    private static String fell(String from, String to) {
        return "Health fell " + new BigDecimal(from).subtract(new BigDecimal(to)).toPlainString() + " points, from "
                + from + " to " + to;
    }
}
