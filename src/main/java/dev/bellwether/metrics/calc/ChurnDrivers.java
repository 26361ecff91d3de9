package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.List;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator.MeasureScore;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/**
 * docs/metrics.md's churn drivers: for each measure, component and health itself, how well its
 * points at X (0–100, higher = healthier) separate the accounts that churned by X+3 from those that
 * stayed, over the observation months (the 12 ending at M−3): the AUC, the coverage (pairs with
 * points / pairs active) and the counts.
 */
public final class ChurnDrivers {

    /** The components, in their order (a copy of {@code Component.values()} made once, not per account and month). */
    private static final Component[] COMPONENTS = Component.values();

    /** The health driver's name. */
    public static final String HEALTH = "health";

    private ChurnDrivers() {
    }

    /** One measure's, component's or health's signal. {@code auc} and {@code coverage} null when undefined. */
    public record Driver(String name, Double auc, Double coverage, int churned, int stayed) {

        /** Little data behind it: under half of the active pairs have points, or fewer than 10 churned. */
        public boolean lowCoverage() {
            return coverage == null || coverage < 50 || churned < 10;
        }

        /** Why it has {@link #lowCoverage() low coverage}, "fewer than 10 churned" say; null when it has not. */
        public String lowCoverageReason() {
            boolean fewScored = coverage == null || coverage < 50;
            boolean fewChurned = churned < 10;
            return fewScored && fewChurned ? "a value in under half of the paying ones, and fewer than 10 churned"
                    : fewScored ? "a value in under half of the paying ones"
                            : fewChurned ? "fewer than 10 churned" : null;
        }
    }

    /** Every driver: measures and components in the model's order, and health. */
    public record Report(List<Driver> measures, List<Driver> components, Driver health) {
    }

    /** The points of one driver, by outcome. */
    private static final class Points {

        final String name;
        final Doubles stayed = new Doubles();
        final Doubles churned = new Doubles();

        Points(String name) {
            this.name = name;
        }

        void add(Double points, boolean churnedBy) {
            if (points != null) {
                (churnedBy ? churned : stayed).add(points);
            }
        }

        Driver driver(int activePairs) {
            Auc auc = Auc.of(stayed.values(), stayed.size(), churned.values(), churned.size());
            Double coverage = activePairs == 0 ? null : (stayed.size() + churned.size()) * 100.0 / activePairs;
            return new Driver(name, Auc.value(auc), coverage, churned.size(), stayed.size());
        }
    }

    public static Report report(Months months, List<AccountResult> accounts, HealthModel model) {
        int m = months.count() - 1;
        int first = m - DriverSample.HORIZON - (DriverSample.OBSERVATION_MONTHS - 1);
        Measure[] measures = Measure.values();
        Points[] measurePoints = new Points[measures.length];
        for (Measure measure : measures) {
            measurePoints[measure.ordinal()] = new Points(measure.key());
        }
        Points[] componentPoints = new Points[Component.values().length];
        for (Component component : Component.values()) {
            componentPoints[component.ordinal()] = new Points(component.key());
        }
        Points health = new Points(HEALTH);
        int activePairs = 0;
        for (AccountResult account : accounts) {
            AccountFacts a = account.facts();
            for (int x = Math.max(0, first); x <= m - DriverSample.HORIZON; x++) {
                Score score = account.scores()[x];
                if (!a.active(x) || score == null) {
                    continue;
                }
                activePairs++;
                boolean churned = a.mrr(x + DriverSample.HORIZON) <= 0;
                for (MeasureScore measure : score.measures()) {
                    measurePoints[measure.measure().ordinal()].add(measure.points(), churned);
                }
                for (Component component : COMPONENTS) {
                    componentPoints[component.ordinal()].add(score.component(component), churned);
                }
                health.add(score.health(), churned);
            }
        }
        List<Points> all = new ArrayList<>();
        for (HealthModel.MeasureRule rule : model.measures()) {
            all.add(measurePoints[rule.measure().ordinal()]);
        }
        all.addAll(List.of(componentPoints));
        all.add(health);
        // each driver sorts its own points (up to 12 months × the book), so they run on every core: for the
        // benchmark's 10,000 accounts on two cores, 0.09 s instead of 0.28 s (a probed run each)
        int pairs = activePairs;
        List<Driver> drivers = all.parallelStream().map(points -> points.driver(pairs)).toList();
        int measureCount = model.measures().size();
        return new Report(drivers.subList(0, measureCount),
                drivers.subList(measureCount, measureCount + componentPoints.length), drivers.get(drivers.size() - 1));
    }
}
