package dev.bellwether.metrics.calc;

import static dev.bellwether.metrics.calc.MetricDefinition.CLV;
import static dev.bellwether.metrics.calc.MetricDefinition.LOGO_CHURN_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;

/**
 * An incremental run takes the book figures of the months before the change from the previous run
 * only when nothing those months read has changed, and its figures are then a full run's, to the bit.
 */
class ReusedMonthsTest {

    private static final HealthModel MODEL = HealthModel.defaults();
    private final TenantFacts before = SampleFacts.load();
    private final MetricsEngine.Result previous = MetricsEngine.run(before, MODEL);
    private final int last = before.months().count() - 1;

    @Test
    void aChangeOfTheLastMonthReusesEveryEarlierMonthAndGivesTheFullFigures() {
        // an account stops paying in the last month: that month's churn, and its CLV, which looks back
        // at eleven reused months' logo churn
        String account = payingAt(last - 1);
        TenantFacts after = changed(account, a -> {
            a.mrr[last] = 0;
            return a;
        });
        MetricsEngine.Result incremental = MetricsEngine.run(after, MODEL, previous, last);
        assertEquals(last, incremental.reusedMonths());
        MetricsEngine.Result full = MetricsEngine.run(after, MODEL);
        assertNotEquals(previous.tenant().get(last).get(LOGO_CHURN_RATE), full.tenant().get(last).get(LOGO_CHURN_RATE),
                "the change moves the last month's figures");
        assertNotNull(full.tenant().get(last).get(CLV));
        assertSameBookFigures(full, incremental);
    }

    @Test
    void usageOfTheLastMonthKeepsThePreviousBacktestAndChurnDriversWhichAreTheFullOnes() {
        String account = before.accounts().stream().filter(a -> a.active(last - 3) && a.active(last)).findFirst()
                .orElseThrow().id;
        TenantFacts used = changed(account, a -> {
            a.events30[last] += 5_000;
            return a;
        });
        MetricsEngine.Result incremental = MetricsEngine.run(used, MODEL, previous, last);
        MetricsEngine.Result full = MetricsEngine.run(used, MODEL);
        assertSame(previous.driverSample(), incremental.driverSample());
        assertSame(previous.drivers(), incremental.drivers());
        assertSame(previous.accuracy(), incremental.accuracy());
        assertSameObservations(full, incremental);

        // the account stops paying in the last month too: churned three months after M − 3
        TenantFacts churned = changed(account, a -> {
            a.events30[last] += 5_000;
            a.mrr[last] = 0;
            return a;
        });
        MetricsEngine.Result again = MetricsEngine.run(churned, MODEL, previous, last);
        MetricsEngine.Result fullAgain = MetricsEngine.run(churned, MODEL);
        assertFalse(previous.driverSample().sameAs(fullAgain.driverSample()), "the churn is in the sample");
        assertSameObservations(fullAgain, again);

        // usage of M − 3: its scores are observed
        TenantFacts observed = changed(account, a -> {
            a.events30[last - 3] += 5_000;
            return a;
        });
        MetricsEngine.Result earlier = MetricsEngine.run(observed, MODEL, previous, last - 3);
        MetricsEngine.Result fullEarlier = MetricsEngine.run(observed, MODEL);
        assertFalse(previous.driverSample().sameAs(fullEarlier.driverSample()), "M − 3's scores are in the sample");
        assertSameObservations(fullEarlier, earlier);
    }

    @Test
    void aBookTooShortForAnyObservationMonthWithAnAccountAddedWorksThemOut() {
        Months months = new Months(java.time.YearMonth.of(2026, 1), java.time.YearMonth.of(2026, 2));
        TenantFacts three = book(months, "A", "B", "C");
        MetricsEngine.Result incremental = MetricsEngine.run(three, MODEL,
                MetricsEngine.run(book(months, "A", "B"), MODEL), 1);

        assertEquals(0, incremental.reusedMonths());
        assertSameObservations(MetricsEngine.run(three, MODEL), incremental);
    }

    /** Accounts paying 100 in every month, with nothing else. */
    private static TenantFacts book(Months months, String... ids) {
        FactsBuilder builder = new FactsBuilder(months);
        for (String id : ids) {
            builder.account(id, id, "SMB", null, null, null, null, null);
            for (int i = 0; i < months.count(); i++) {
                builder.mrr(id, months.month(i), 100);
            }
        }
        return builder.build();
    }

    private static void assertSameObservations(MetricsEngine.Result full, MetricsEngine.Result incremental) {
        assertTrue(full.driverSample().sameAs(incremental.driverSample()));
        assertEquals(full.drivers(), incremental.drivers());
        assertEquals(full.accuracy(), incremental.accuracy());
    }

    @Test
    void aChangeFromAMonthInTheMiddleReusesTheMonthsBeforeIt() {
        int from = last / 2;
        String account = payingAt(from);
        TenantFacts after = changed(account, a -> {
            for (int i = from; i <= last; i++) {
                a.mrr[i] = a.mrr[i] + 1_000;
            }
            return a;
        });
        MetricsEngine.Result incremental = MetricsEngine.run(after, MODEL, previous, from);
        assertEquals(from, incremental.reusedMonths());
        assertSameBookFigures(MetricsEngine.run(after, MODEL), incremental);
    }

    @Test
    void anAttributeOrAnOpportunityChangedReusesNothing() {
        String account = payingAt(last);
        TenantFacts moved = changed(account, a -> withAttributes(a, a.id, "Moved segment", a.csmEmail));
        MetricsEngine.Result incremental = MetricsEngine.run(moved, MODEL, previous, last);
        assertEquals(0, incremental.reusedMonths(), "a segment counts in every month");
        assertSameBookFigures(MetricsEngine.run(moved, MODEL), incremental);

        TenantFacts reassigned = changed(account, a -> withAttributes(a, a.id, a.segment, "someone.else@example.com"));
        assertEquals(0, MetricsEngine.run(reassigned, MODEL, previous, last).reusedMonths());

        TenantFacts pipeline = changed(account, a -> {
            a.openExpansion += 500;
            return a;
        });
        MetricsEngine.Result withPipeline = MetricsEngine.run(pipeline, MODEL, previous, last);
        assertEquals(0, withPipeline.reusedMonths(), "open expansion counts in every month's pipeline");
        assertSameBookFigures(MetricsEngine.run(pipeline, MODEL), withPipeline);
    }

    @Test
    void aNewAccountOrOtherQbrSegmentsReuseNothing() {
        List<AccountFacts> more = new ArrayList<>(before.accounts());
        more.add(copy(before.accounts().get(0), "ZZ-NEW"));
        TenantFacts added = new TenantFacts(before.months(), more, before.tenantFeatures(), before.qbrSegments());
        assertEquals(0, MetricsEngine.run(added, MODEL, previous, last).reusedMonths());

        TenantFacts qbr = new TenantFacts(before.months(), before.accounts(), before.tenantFeatures(),
                java.util.Set.of("SMB"));
        assertEquals(0, MetricsEngine.run(qbr, MODEL, previous, last).reusedMonths());
        assertEquals(last, MetricsEngine.run(before, MODEL, previous, last).reusedMonths(), "nothing changed");
    }

    private static void assertSameBookFigures(MetricsEngine.Result full, MetricsEngine.Result incremental) {
        assertEquals(full.tenant(), incremental.tenant());
        assertEquals(full.bySegment(), incremental.bySegment());
        assertEquals(full.byCsm(), incremental.byCsm());
        for (Slice by : Slice.values()) {
            assertEquals(full.slices(by), incremental.slices(by), by.name());
        }
    }

    /** An account paying in month {@code month}. */
    private String payingAt(int month) {
        return before.accounts().stream().filter(a -> a.active(month)).findFirst().orElseThrow().id;
    }

    /** The sample with one account's facts replaced by {@code change} of a copy of them. */
    private TenantFacts changed(String account, UnaryOperator<AccountFacts> change) {
        List<AccountFacts> accounts = new ArrayList<>();
        for (AccountFacts a : before.accounts()) {
            accounts.add(a.id.equals(account) ? change.apply(copy(a, a.id)) : a);
        }
        return new TenantFacts(before.months(), accounts, before.tenantFeatures(), before.qbrSegments());
    }

    private static AccountFacts copy(AccountFacts a, String id) {
        return withAttributes(a, id, a.segment, a.csmEmail);
    }

    /** A copy of {@code a}'s facts under other attributes. */
    private static AccountFacts withAttributes(AccountFacts a, String id, String segment, String csm) {
        AccountFacts attributes = new AccountFacts(id, a.name, segment, csm, a.customerSince, a.renewalDate,
                a.licensedSeats, a.firstValueDate, a.mrr.length);
        attributes.industry = a.industry;
        attributes.plan = a.plan;
        attributes.closedRenewals.addAll(a.closedRenewals);
        attributes.openExpansion = a.openExpansion;
        return AccountFacts.splice(a, attributes, a.mrr.length);
    }
}
