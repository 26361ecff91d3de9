package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bellwether.health.Band;
import dev.bellwether.health.HealthCalculator.Score;
import dev.bellwether.health.Measure;

/**
 * Hand-made books for the engine's pieces: accounts' facts set field by field and their bands
 * given, instead of worked out from imported rows, so each piece's test states exactly its input.
 */
final class Book {

    final Months months;
    final List<AccountResult> accounts = new ArrayList<>();

    /** A book of the months {@code first} .. {@code first + count − 1}. */
    Book(YearMonth first, int count) {
        this.months = new Months(first, first.plusMonths(count - 1));
    }

    int m() {
        return months.count() - 1;
    }

    LocalDate d() {
        return months.lastDate(m());
    }

    /** A new account of the book with its MRR month by month (missing months 0); its bands come with {@link #band}. */
    AccountFacts account(String id, String segment, String csm, double... mrr) {
        return account(id, segment, csm, null, null, mrr);
    }

    AccountFacts account(String id, String segment, String csm, LocalDate since, LocalDate firstValue, double... mrr) {
        AccountFacts a = new AccountFacts(id, id, segment, csm, since, null, 10, firstValue, months.count());
        System.arraycopy(mrr, 0, a.mrr, 0, mrr.length);
        accounts.add(new AccountResult(a, new Score[months.count()], Map.of(), 0, null, null));
        return a;
    }

    /** Bands {@code a} in month {@code i} with {@code health} (a null band: not scored). */
    void band(AccountFacts a, int i, Band band, Double health) {
        result(a).scores()[i] = new Score(health, band, List.of(), List.of());
    }

    /** Replaces {@code a}'s measures at M. */
    void measures(AccountFacts a, Map<Measure, Double> measures) {
        AccountResult was = result(a);
        accounts.set(accounts.indexOf(was), new AccountResult(a, was.scores(), measures, was.mau(), was.dauMau(),
                was.featureAdoption()));
    }

    AccountResult result(AccountFacts a) {
        return accounts.stream().filter(r -> r.facts() == a).findFirst().orElseThrow();
    }
}
