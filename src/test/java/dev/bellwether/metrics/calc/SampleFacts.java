package dev.bellwether.metrics.calc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;

/**
 * The contract's sample dataset read straight from its CSV files into {@link TenantFacts}, so the
 * pure engine can be checked against expected.json without a database.
 */
public final class SampleFacts {

    static final Path SAMPLE = Path.of("src/test/resources/samples/small");

    private SampleFacts() {
    }

    public static TenantFacts load() {
        List<NamedCsvRecord> mrr = read("mrr.csv");
        YearMonth first = mrr.stream().map(r -> YearMonth.parse(r.getField("month"))).min(Comparator.naturalOrder())
                .orElseThrow();
        YearMonth last = mrr.stream().map(r -> YearMonth.parse(r.getField("month"))).max(Comparator.naturalOrder())
                .orElseThrow();
        FactsBuilder builder = new FactsBuilder(new Months(first, last));
        for (NamedCsvRecord r : read("accounts.csv")) {
            String seats = r.getField("licensed_seats");
            String segment = r.getField("segment");
            String csm = r.getField("csm_email");
            builder.account(r.getField("account_id"), r.getField("name"), segment.isEmpty() ? "Unsegmented" : segment,
                    emptyAsNull(r.getField("industry")), emptyAsNull(r.getField("plan")),
                    csm.isEmpty() ? null : csm.toLowerCase(Locale.ROOT), date(r.getField("customer_since")),
                    date(r.getField("renewal_date")), seats.isEmpty() ? null : Integer.valueOf(seats),
                    date(r.getField("first_value_date")));
        }
        mrr.forEach(r -> builder.mrr(r.getField("account_id"), YearMonth.parse(r.getField("month")),
                Double.parseDouble(r.getField("mrr"))));
        List<NamedCsvRecord> usage = new ArrayList<>(read("usage.csv"));
        usage.sort(Comparator.comparing((NamedCsvRecord r) -> r.getField("account_id"))
                .thenComparing(r -> r.getField("date")));
        for (NamedCsvRecord r : usage) {
            String feature = r.getField("feature");
            builder.usage(r.getField("account_id"), day(r.getField("date")), r.getField("user_id"),
                    feature.isEmpty() ? "(none)" : feature, Long.parseLong(r.getField("events")));
        }
        for (NamedCsvRecord r : byAccount(read("surveys.csv"))) {
            builder.survey(r.getField("account_id"), day(r.getField("responded_at")), r.getField("type"),
                    Integer.parseInt(r.getField("score")));
        }
        for (NamedCsvRecord r : byAccount(read("tickets.csv"))) {
            String flag = r.getField("resolved_on_first_contact");
            builder.ticket(r.getField("account_id"), seconds(r.getField("opened_at")),
                    secondsOrNull(r.getField("first_response_at")), secondsOrNull(r.getField("resolved_at")),
                    flag.isEmpty() ? null : Boolean.valueOf(flag.toLowerCase(Locale.ROOT)));
        }
        for (NamedCsvRecord r : byAccount(read("activities.csv"))) {
            builder.activity(r.getField("account_id"), day(r.getField("occurred_at")), r.getField("type"));
        }
        for (NamedCsvRecord r : read("opportunities.csv")) {
            builder.opportunity(r.getField("account_id"), r.getField("type"), Double.parseDouble(r.getField("amount")),
                    r.getField("stage"), date(r.getField("close_date")));
        }
        return builder.build();
    }

    private static List<NamedCsvRecord> byAccount(List<NamedCsvRecord> rows) {
        List<NamedCsvRecord> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(r -> r.getField("account_id")));
        return sorted;
    }

    static List<NamedCsvRecord> read(String file) {
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(SAMPLE.resolve(file))) {
            return csv.stream().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String emptyAsNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static LocalDate date(String value) {
        return value.isEmpty() ? null : LocalDate.parse(value);
    }

    private static int day(String value) {
        return (int) LocalDate.parse(value).toEpochDay();
    }

    private static long seconds(String value) {
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
        return Instant.parse(value).getEpochSecond();
    }

    private static Long secondsOrNull(String value) {
        return value.isEmpty() ? null : seconds(value);
    }
}
