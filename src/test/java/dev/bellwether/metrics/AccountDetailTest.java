package dev.bellwether.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.MissingData;
import dev.bellwether.metrics.calc.AccountResult;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.SampleFacts;

/**
 * A snapshot keeps the scoring's inputs, not the explanation: the explanation worked out again from
 * them (after a trip through JSON, as stored) is the one the recalculation's own scores give, for every
 * account of the public sample, whatever the model does with missing data and with segment weights.
 */
class AccountDetailTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(MissingData.class)
    void theExplanationWorkedOutAgainFromTheStoredInputsIsTheRecalculations(MissingData missing) throws Exception {
        HealthModel model = model(missing);
        MetricsEngine.Result result = MetricsEngine.run(SampleFacts.load(), model);
        int m = result.reportingMonth();
        int carried = 0;
        int unscored = 0;
        int longest = 0;
        for (AccountResult account : result.accounts()) {
            AccountDetail.Stored stored = AccountDetail.Stored.of(account, m, 7);
            String text = JSON.writeValueAsString(stored);
            longest = Math.max(longest, text.length());
            AccountDetail rebuilt = AccountDetail.of(JSON.readValue(text, AccountDetail.Stored.class), model);

            Map<String, Double> values = new LinkedHashMap<>();
            account.measures().forEach((measure, value) -> values.put(measure.key(), value));
            AccountDetail expected = AccountDetail.of(account.scores()[m], account.scores()[m - 1], values,
                    account.mau(), account.dauMau(), account.featureAdoption(), 7);
            assertEquals(expected, rebuilt, account.facts().id);
            carried += stored.carried().size();
            unscored += stored.scored() ? 0 : 1;
        }
        assertTrue(unscored > 0, "some accounts do not pay at M: " + unscored);
        if (missing == MissingData.CARRY_FORWARD) {
            assertTrue(carried > 0, "some missing values were carried forward: " + carried);
        } else {
            assertEquals(0, carried);
        }
        assertTrue(longest < 1_000, "a few hundred bytes per account, not 2.6 kB: " + longest);
    }

    /** The default model with {@code missing} for every measure, and weights of their own for Enterprise. */
    private static HealthModel model(MissingData missing) {
        HealthModel defaults = HealthModel.defaults();
        List<HealthModel.MeasureRule> rules = new ArrayList<>();
        defaults.measures().forEach(r -> rules.add(new HealthModel.MeasureRule(r.measure(), r.component(), r.poor(),
                r.good(), missing)));
        Map<Component, Double> enterprise = new EnumMap<>(Component.class);
        enterprise.put(Component.USAGE, 10.0);
        enterprise.put(Component.ENGAGEMENT, 50.0);
        enterprise.put(Component.OUTCOMES, 30.0);
        enterprise.put(Component.FINANCIAL, 10.0);
        return new HealthModel(defaults.weights(), rules, defaults.bands(), defaults.alerts(),
                Map.of("Enterprise", enterprise));
    }
}
