package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The suggested weights of metrics.md on samples worked out by hand. */
class WeightSearchTest {

    private static final double[] DEFAULT = { 40, 25, 20, 15 };

    private static Map<String, Number> weights(int usage, int engagement, int outcomes, int financial) {
        return Map.of("usage", usage, "engagement", engagement, "outcomes", outcomes, "financial", financial);
    }

    /**
     * The stayed account has usage 0 and engagement 100, the churned one the opposite; outcomes and
     * financial are 50 for both. Stayed beats churned exactly when engagement weighs more than
     * usage (AUC 1; equal weights tie: 0.5; otherwise 0). Of those sets, the closest to 40/25/20/15
     * moves 10 points from usage to engagement: 30/35/20/15 (Σ |difference| = 20; every other set
     * with engagement above usage is at least 30 away).
     */
    @Test
    void theBestTrainingAucClosestToTheCurrentWeights() {
        DriverSample sample = new DriverSample.Builder(DEFAULT)
                .add(0.0, 100.0, 50.0, 50.0, false, false)
                .add(100.0, 0.0, 50.0, 50.0, true, false)
                .add(0.0, 100.0, 50.0, 50.0, false, true)
                .add(100.0, 0.0, 50.0, 50.0, true, true)
                .build();
        WeightSearch.Suggestion suggestion = WeightSearch.suggest(sample);
        assertEquals(weights(30, 35, 20, 15), suggestion.weights());
        assertEquals(weights(40, 25, 20, 15), suggestion.current());
        assertEquals(0.0, suggestion.training().current());
        assertEquals(1.0, suggestion.training().suggested());
        assertEquals(0.0, suggestion.holdout().current());
        assertEquals(1.0, suggestion.holdout().suggested());
    }

    /**
     * Every set separates 80 from 20 (AUC 1). From 42.5/22.5/20/15, both 40/25/20/15 and 45/20/20/15
     * are 5 away: the larger tuple, 45/20/20/15, wins.
     */
    @Test
    void equallyCloseSetsGoToTheLargestTuple() {
        DriverSample sample = new DriverSample.Builder(new double[] { 42.5, 22.5, 20, 15 })
                .add(80.0, 80.0, 80.0, 80.0, false, false)
                .add(20.0, 20.0, 20.0, 20.0, true, false)
                .build();
        WeightSearch.Suggestion suggestion = WeightSearch.suggest(sample);
        assertEquals(weights(45, 20, 20, 15), suggestion.weights());
        assertEquals(Map.of("usage", 42.5, "engagement", 22.5, "outcomes", 20, "financial", 15),
                suggestion.current());
        assertNull(suggestion.holdout().current(), "no holdout pairs: undefined");
        assertNull(suggestion.holdout().suggested());
    }

    /**
     * Ties in distance are exact, not as doubles add up: from 58.3/28.3/5.1/8.3 (a sum of 100 within
     * the model's tolerance), 60/30/5/5, 60/25/5/10 and 55/30/5/10 are all exactly 6.8 away (in
     * doubles 6.8000000000000025, 6.8000000000000025 and 6.799999999999995); the largest tuple,
     * 60/30/5/5, wins.
     */
    @Test
    void distancesTieExactlyWhateverTheirFloatingPointSums() {
        DriverSample sample = new DriverSample.Builder(new double[] { 58.3, 28.3, 5.1, 8.3 })
                .add(80.0, 80.0, 80.0, 80.0, false, false)
                .add(20.0, 20.0, 20.0, 20.0, true, false)
                .build();
        assertEquals(weights(60, 30, 5, 5), WeightSearch.suggest(sample).weights());
    }

    /**
     * Stayed: one account with only financial scored (0 points), one with 60 everywhere; churned:
     * 40 everywhere. With financial weighing anything, the first stayed pair loses (AUC ½); with
     * financial at 0 it has no health and leaves the sample (AUC 1). The closest sets without
     * financial are all 30 away from 40/25/20/15 (its 15 points go elsewhere): the largest tuple is
     * 55/25/20/0.
     */
    @Test
    void aPairWhosePresentComponentsAllWeighZeroIsLeftOut() {
        DriverSample sample = new DriverSample.Builder(DEFAULT)
                .add(null, null, null, 0.0, false, false)
                .add(60.0, 60.0, 60.0, 60.0, false, false)
                .add(40.0, 40.0, 40.0, 40.0, true, false)
                .build();
        WeightSearch.Suggestion suggestion = WeightSearch.suggest(sample);
        assertEquals(weights(55, 25, 20, 0), suggestion.weights());
        assertEquals(0.5, suggestion.training().current());
        assertEquals(1.0, suggestion.training().suggested());
    }

    @Test
    void noChurnedPairsNoSuggestion() {
        DriverSample sample = new DriverSample.Builder(DEFAULT).add(60.0, 60.0, 60.0, 60.0, false, false).build();
        WeightSearch.Suggestion suggestion = WeightSearch.suggest(sample);
        assertNull(suggestion.weights());
        assertNull(suggestion.training().current());
        assertNull(suggestion.training().suggested());
    }

    @Test
    void theSampleSurvivesItsBytes() {
        DriverSample sample = new DriverSample.Builder(DEFAULT)
                .add(null, 100.0, 50.0, 50.0, false, false)
                .add(100.0, 0.0, null, 50.0, true, true)
                .build();
        DriverSample back = DriverSample.decode(sample.encode());
        assertEquals(2, back.size());
        assertEquals(sample.health(0, DEFAULT), back.health(0, DEFAULT));
        assertEquals(sample.health(1, DEFAULT), back.health(1, DEFAULT));
        assertEquals(true, back.churned(1));
        assertEquals(true, back.holdout(1));
        assertEquals(false, back.churned(0));
        assertEquals(WeightSearch.suggest(sample), WeightSearch.suggest(back));
    }

    /**
     * Accounts of a segment with weights of its own keep their health whatever the tenant-wide weights: a
     * stayed one at 10 and a churned one at 90 (the model got them wrong). With the free pairs of
     * {@link #theBestTrainingAucClosestToTheCurrentWeights} alone, 30/35/20/15 separates them; with these, a
     * set also needs the free stayed account above 90 and the free churned one under 10, that is
     * usage + (outcomes + financial) / 2 &lt; 10, for 3 of the 4 comparisons (10 against 90 is always lost).
     * The closest such sets to 40/25/20/15 are 0/85 with outcomes + financial = 15, all 120 away; the
     * largest tuple is 0/85/15/0. The fixed pairs come through the snapshot's bytes unchanged.
     */
    @Test
    void accountsWithTheirSegmentsOwnWeightsKeepTheirHealthInTheSearch() {
        DriverSample.Builder builder = new DriverSample.Builder(DEFAULT);
        for (boolean holdout : new boolean[] { false, true }) {
            builder.add(0.0, 100.0, 50.0, 50.0, false, holdout).add(100.0, 0.0, 50.0, 50.0, true, holdout)
                    .addFixed(10, false, holdout).addFixed(90, true, holdout);
        }
        DriverSample sample = builder.build();
        WeightSearch.Suggestion suggestion = WeightSearch.suggest(sample);
        assertEquals(weights(0, 85, 15, 0), suggestion.weights());
        assertEquals(0.0, suggestion.training().current());
        assertEquals(0.75, suggestion.training().suggested());
        assertEquals(0.0, suggestion.holdout().current());
        assertEquals(0.75, suggestion.holdout().suggested());

        DriverSample stored = DriverSample.decode(sample.encode());
        assertEquals(true, stored.sameAs(sample), "the fixed health survives the bytes");
        assertEquals(suggestion, WeightSearch.suggest(stored));
        assertEquals(false, stored.sameAs(new DriverSample.Builder(DEFAULT).add(0.0, 100.0, 50.0, 50.0, false, false)
                .add(100.0, 0.0, 50.0, 50.0, true, false).addFixed(10, false, false).addFixed(91, true, false)
                .add(0.0, 100.0, 50.0, 50.0, false, true).add(100.0, 0.0, 50.0, 50.0, true, true)
                .addFixed(10, false, true).addFixed(90, true, true).build()), "another fixed health is another sample");
    }
}
