package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.bellwether.alerts.AlertHit;
import dev.bellwether.alerts.AlertRules;
import dev.bellwether.alerts.AlertSetting;
import dev.bellwether.health.Band;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/** The alerts a model's enabled rules raise at M over a scored book: its active accounts, rule by rule. */
final class BookAlerts {

    private BookAlerts() {
    }

    static List<AlertHit> at(Months months, List<AccountResult> accounts, HealthModel model) {
        int m = months.count() - 1;
        LocalDate d = months.lastDate(m);
        List<AlertHit> hits = new ArrayList<>();
        for (AccountResult result : accounts) {
            if (!result.facts().active(m)) {
                continue;
            }
            AlertRules.Inputs inputs = inputs(result, m, d);
            for (AlertSetting setting : model.alerts()) {
                if (setting.enabled()) {
                    String detail = AlertRules.evaluate(setting, inputs);
                    if (detail != null) {
                        hits.add(new AlertHit(result.facts().id, setting.rule(), detail));
                    }
                }
            }
        }
        return hits;
    }

    /** What the rules look at for an account at M, whose last day is {@code d}. */
    static AlertRules.Inputs inputs(AccountResult result, int m, LocalDate d) {
        AccountFacts a = result.facts();
        Double trend = result.measures().get(Measure.USAGE_TREND);
        Double days = result.measures().get(Measure.DAYS_SINCE_CONTACT);
        Band band = result.band(m);
        return new AlertRules.Inputs(result.health(m), result.health(m - 1), band == Band.AT_RISK,
                band == Band.HEALTHY, band == null ? null : band.label(), trend,
                a.lowestNps30[m] == AccountFacts.NO_SCORE ? null : a.lowestNps30[m], a.renewalDate,
                days == null ? null : days.intValue(), a.customerSince, d);
    }
}
