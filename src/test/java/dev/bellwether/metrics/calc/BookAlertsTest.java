package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bellwether.alerts.AlertHit;
import dev.bellwether.alerts.AlertRule;
import dev.bellwether.alerts.AlertRules;
import dev.bellwether.alerts.AlertSetting;
import dev.bellwether.health.Band;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/** The alerts at M over a scored book: what each paying account's figures make the default rules say. */
class BookAlertsTest {

    /** February and March 2026: D is 2026-03-31. */
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final LocalDate D = LocalDate.of(2026, 3, 31);

    /** One account paying in both months, healthy at 80 in February, set up further by {@code setup}. */
    private static Book book(Consumer<Book> setup) {
        Book book = new Book(FEB, 2);
        AccountFacts a = book.account("a", "SMB", null, 100, 100);
        book.band(a, 0, Band.HEALTHY, 80.0);
        setup.accept(book);
        return book;
    }

    private static AccountFacts a(Book book) {
        return book.accounts.get(0).facts();
    }

    private static Arguments raises(String name, Consumer<Book> setup, String... hits) {
        return Arguments.of(name, setup, List.of(hits));
    }

    static Stream<Arguments> books() {
        Map<Measure, Double> falling = new EnumMap<>(Measure.class);
        falling.put(Measure.USAGE_TREND, -40.0);
        falling.put(Measure.DAYS_SINCE_CONTACT, 61.0);
        return Stream.of(
                raises("healthy and quiet", b -> b.band(a(b), 1, Band.HEALTHY, 78.0)),
                raises("fell from 80 to 30: at risk and a drop", b -> b.band(a(b), 1, Band.AT_RISK, 30.0),
                        "at-risk Health 30.0 is in the at-risk band",
                        "health-drop Health fell 50.0 points, from 80.0 to 30.0"),
                raises("no longer paying at M: nothing", b -> {
                    a(b).mrr[1] = 0;
                    b.band(a(b), 1, null, null);
                }),
                raises("a detractor and a renewal in 30 days while needing attention", b -> {
                    b.band(a(b), 1, Band.NEEDS_ATTENTION, 69.0);
                    a(b).lowestNps30[1] = 2;
                    replace(b, D.plusDays(30), null);
                }, "detractor An NPS answer of 2 in the last 30 days",
                        "renewal-risk Renews on 2026-04-30, 30 days after the reporting month ended (2026-03-31),"
                                + " and is in the needs-attention band"),
                raises("falling usage and no contact for 61 days", b -> {
                    b.band(a(b), 1, Band.HEALTHY, 75.0);
                    b.measures(a(b), falling);
                }, "usage-decline Usage -40.0 % against the 30 days before", "no-contact No contact for 61 days"),
                raises("never contacted, a customer since long before", b -> {
                    b.band(a(b), 1, Band.HEALTHY, 75.0);
                    replace(b, null, LocalDate.of(2025, 1, 1));
                }, "no-contact No recorded contact since becoming a customer on 2025-01-01"));
    }

    /** The account again with a renewal date and a customer-since date (its facts' constructor sets them). */
    private static void replace(Book book, LocalDate renewal, LocalDate since) {
        AccountFacts was = a(book);
        AccountFacts now = new AccountFacts("a", "a", "SMB", null, since, renewal, 10, null, 2);
        System.arraycopy(was.mrr, 0, now.mrr, 0, 2);
        System.arraycopy(was.lowestNps30, 0, now.lowestNps30, 0, 2);
        AccountResult result = book.accounts.get(0);
        book.accounts.set(0, new AccountResult(now, result.scores(), result.measures(), 0, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("books")
    void theRulesThatFireAtM(String name, Consumer<Book> setup, List<String> expected) {
        Book book = book(setup);
        List<String> hits = new ArrayList<>();
        for (AlertHit hit : BookAlerts.at(book.months, book.accounts, HealthModel.defaults())) {
            assertEquals("a", hit.accountId());
            hits.add(hit.rule().key() + " " + hit.detail());
        }
        assertEquals(expected, hits);
    }

    @Test
    void aSwitchedOffRuleRaisesNothing() {
        Book book = book(b -> b.band(a(b), 1, Band.AT_RISK, 30.0));
        HealthModel defaults = HealthModel.defaults();
        List<AlertSetting> onlyDrops = defaults.alerts().stream()
                .map(s -> new AlertSetting(s.rule(), s.rule() == AlertRule.HEALTH_DROP, s.threshold())).toList();
        HealthModel model = new HealthModel(defaults.weights(), defaults.measures(), defaults.bands(), onlyDrops,
                defaults.segmentWeights());
        assertEquals(List.of(AlertRule.HEALTH_DROP),
                BookAlerts.at(book.months, book.accounts, model).stream().map(AlertHit::rule).toList());
    }

    @Test
    void theRulesSeeTheBandAsBooleansAndItsName() {
        Book book = book(b -> b.band(a(b), 1, Band.NEEDS_ATTENTION, 55.0));
        AlertRules.Inputs inputs = BookAlerts.inputs(book.accounts.get(0), 1, D);
        assertEquals(new AlertRules.Inputs(55.0, 80.0, false, false, "Needs attention", null, null, null, null, null,
                D), inputs);
    }
}
