package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.bellwether.metrics.calc.MetricDefinition;

/** An executive tile's "on target" agrees with the figure it shows beside the target. */
class TileVerdictTest {

    private static final KpiTargets.Target NRR = new KpiTargets.Target(MetricDefinition.NRR, 110.0, false, false);
    private static final KpiTargets.Target CHURN =
            new KpiTargets.Target(MetricDefinition.LOGO_CHURN_RATE, 2.0, true, false);

    @Test
    void aPercentageIsJudgedAsItReadsToOneDecimal() {
        // 109.96 reads "110.0 %" against "≥ 110.0 %": on target; 109.94 reads "109.9 %": off
        assertEquals(true, NRR.met(Dashboards.shown(109.96, MetricDefinition.Unit.PERCENT)));
        assertEquals(false, NRR.met(Dashboards.shown(109.94, MetricDefinition.Unit.PERCENT)));
        assertEquals(true, CHURN.met(Dashboards.shown(2.04, MetricDefinition.Unit.PERCENT)));
        assertEquals(false, CHURN.met(Dashboards.shown(2.06, MetricDefinition.Unit.PERCENT)));
        assertEquals(null, NRR.met(Dashboards.shown(null, MetricDefinition.Unit.PERCENT)));
    }

    /** A target of more decimals than the tile shows is judged as it reads too ("≥ 109.9 %", not 109.94). */
    @Test
    void aTargetIsJudgedAsItReads() {
        KpiTargets.Target nrr = new KpiTargets.Target(MetricDefinition.NRR, 109.94, false, true);
        KpiTargets.Target churn = new KpiTargets.Target(MetricDefinition.LOGO_CHURN_RATE, 1.96, true, true);
        assertEquals(true, Dashboards.verdict(nrr, 109.92, MetricDefinition.Unit.PERCENT));
        assertEquals(false, Dashboards.verdict(nrr, 109.84, MetricDefinition.Unit.PERCENT));
        assertEquals(true, Dashboards.verdict(churn, 1.98, MetricDefinition.Unit.PERCENT));
        assertEquals(false, Dashboards.verdict(churn, 2.06, MetricDefinition.Unit.PERCENT));
        assertEquals(null, Dashboards.verdict(NRR, null, MetricDefinition.Unit.PERCENT));
    }

    /** The trend beside a tile is the change between the figures as they read: none when both read the same. */
    @Test
    void theTrendIsTheChangeBetweenTheFiguresAsTheyRead() {
        assertEquals(new Dashboards.Change("±0.0 pts", "flat", true),
                Dashboards.change(MetricDefinition.NRR, 109.99, 110.04, "USD"), "both read 110.0 %");
        assertEquals(new Dashboards.Change("−0.1 pts", "down", false),
                Dashboards.change(MetricDefinition.NRR, 109.94, 110.0, "USD"), "109.9 % after 110.0 %");
        assertEquals(new Dashboards.Change("+0.1 pts", "up", false),
                Dashboards.change(MetricDefinition.LOGO_CHURN_RATE, 2.06, 2.04, "USD"), "churn up is worse");
        assertEquals("flat", Dashboards.change(MetricDefinition.ARR, 1_200_000.0, 1_200_000.4, "USD").trend(),
                "forty cents less is no change in whole dollars");
        assertEquals(new Dashboards.Change("+$40", "up", true),
                Dashboards.change(MetricDefinition.ARR, 1_200_040.0, 1_200_000.0, "USD"));
    }

    /** A money change is said in dollars ("+$40"), but ARR is judged against its target as both read: short. */
    @Test
    void moneyChangesAreExactButArrIsJudgedAsItReads() {
        assertEquals(1_249_999.6, Dashboards.shown(1_249_999.6, MetricDefinition.Unit.MONEY));
        KpiTargets.Target target = new KpiTargets.Target(MetricDefinition.ARR, 1_254_000.0, false, true);
        assertEquals(true, Dashboards.verdict(target, 1_250_000.0, MetricDefinition.Unit.MONEY),
                "$1.25M against ≥ $1.25M is on target");
        assertEquals(false, Dashboards.verdict(target, 1_244_000.0, MetricDefinition.Unit.MONEY),
                "$1.24M is not");
    }

    /**
     * The retention chart's target line is drawn and labelled at the target as the tile reads it: 96.85 is "96.8 %"
     * there (96.8499… in binary), where the browser's own rounding of the label said 96.9.
     */
    @Test
    void theRetentionChartsTargetLineIsAtTheTargetAsTheTileReadsIt() {
        var chart = ExecutiveCharts.retention(java.util.List.of(), java.util.List.of(
                new KpiTargets.Target(MetricDefinition.GRR, 96.85, false, true),
                new KpiTargets.Target(MetricDefinition.NRR, 110.05, false, true)));
        assertEquals(java.util.List.of("GRR target 96.8", "NRR target 110.0"), chart.targets().stream()
                .map(t -> t.name() + " " + t.value()).toList());
    }
}
