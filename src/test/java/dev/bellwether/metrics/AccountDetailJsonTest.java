package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;
import dev.bellwether.health.MissingData;
import dev.bellwether.metrics.calc.AccountResult;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.SampleFacts;

/**
 * The snapshot's explanation written straight from the scores is what the object mapper writes of
 * the records the pages read back, character for character: for every account of the sample in
 * every month, under models that leave missing data out, count it as 0 or carry the last value
 * forward, and with a segment's own weights.
 */
class AccountDetailJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theSameTextAsTheMapperWritesOfTheRecords() throws Exception {
        HealthModel defaults = HealthModel.defaults();
        Map<Component, Double> enterprise = new EnumMap<>(Component.class);
        enterprise.put(Component.USAGE, 10.0);
        enterprise.put(Component.FINANCIAL, 90.0);
        List<HealthModel> models = List.of(defaults, missing(defaults, MissingData.ZERO),
                missing(defaults, MissingData.CARRY_FORWARD), new HealthModel(defaults.weights(), defaults.measures(),
                        defaults.bands(), defaults.alerts(), Map.of("Enterprise", enterprise)));
        Set<String> notes = new HashSet<>();
        int compared = 0;
        for (HealthModel model : models) {
            MetricsEngine.Result result = MetricsEngine.run(SampleFacts.load(), model);
            for (AccountResult account : result.accounts()) {
                for (int month = 0; month < result.months().count(); month++) {
                    AccountDetail records = of(account, month, 7);
                    AccountDetail.Json json = AccountDetail.json(mapper.getFactory(), account, month, 7);
                    assertEquals(mapper.writeValueAsString(records), json.detail(), account.facts().id + " " + month);
                    assertEquals(mapper.writeValueAsString(records.measures()), json.measures());
                    assertEquals(records, mapper.readValue(json.detail(), AccountDetail.class));
                    records.explainMeasures().forEach(part -> notes.add(String.valueOf(part.note())
                            .replaceAll("[-0-9.]+", "#")));
                    compared++;
                }
            }
        }
        // the cases the comparison went through: scored and not, every kind of note
        assertEquals(4 * 60 * 14, compared); // 4 models, 60 accounts, 14 months
        assertEquals(Set.of("null", "no data: left out", "no data: counts as #",
                "no data: last known value # carried forward"), notes);
    }

    private static HealthModel missing(HealthModel model, MissingData missing) {
        return new HealthModel(model.weights(), model.measures().stream()
                .map(r -> new HealthModel.MeasureRule(r.measure(), r.component(), r.poor(), r.good(), missing))
                .toList(),
                model.bands(), model.alerts(), model.segmentWeights());
    }

    /** The record of an account's explanation at {@code month}, as the pages read it back. */
    private static AccountDetail of(AccountResult account, int month, int modelVersion) {
        HealthCalculator.Score score = account.scores()[month];
        Map<String, Double> components = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            components.put(component.key(), score == null ? null : score.component(component));
        }
        Map<String, Double> measures = new LinkedHashMap<>();
        for (Measure measure : Measure.values()) {
            measures.put(measure.key(), account.measures().get(measure));
        }
        List<AccountDetail.ComponentPart> explainComponents = score == null ? List.of()
                : score.components().stream().map(c -> new AccountDetail.ComponentPart(c.component().key(), c.score(),
                        c.weight(), c.effectiveWeight())).toList();
        HealthCalculator.Score before = month > 0 ? account.scores()[month - 1] : null;
        return new AccountDetail(components, measures, account.mau(), account.dauMau(), account.featureAdoption(),
                explainComponents, parts(score), modelVersion, parts(before));
    }

    /** Each measure's part of {@code score}; empty without a score (the account did not pay that month). */
    private static List<AccountDetail.MeasurePart> parts(HealthCalculator.Score score) {
        return score == null ? List.of() : score.measures().stream()
                .map(m -> new AccountDetail.MeasurePart(m.measure().key(), m.measure().label(), m.measure().unit(),
                        m.component().key(), m.value(), m.poor(), m.good(), m.points(), m.note()))
                .toList();
    }
}
