package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.health.Measure;
import dev.bellwether.platform.PageNumber;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.web.Links;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Which health measures have data, for the whole book and per account (the accounts resting on
 * the fewest measures first), over the paying accounts of the latest recalculation.
 */
@ApplicationScoped
public class Coverage {

    static final int PAGE_SIZE = 50;

    /** How many paying accounts have data for a measure. */
    public record MeasureCoverage(Measure measure, int accounts, int active) {

        public Double percent() {
            return active == 0 ? null : accounts * 100.0 / active;
        }
    }

    /** An account and which measures it has data for. */
    public record AccountCoverage(String accountId, String name, String segment, double mrr, Double health, String band,
            List<Boolean> has) {

        public long count() {
            return has.stream().filter(Boolean::booleanValue).count();
        }
    }

    /**
     * The page's report: {@code figures} is whether there are any figures at all (none: the empty state), though
     * no account may pay in their latest month ({@code active} 0); {@code distribution} counts the accounts with
     * each number of measures, 0 to 7, zeros too; {@code tickets} whether the organisation holds any ticket (open
     * tickets is a count, never missing, so its coverage is full even without one: the page says so).
     */
    public record View(boolean figures, List<MeasureCoverage> measures, int active, List<AccountCoverage> accounts,
            int page, int pages, Map<Long, Integer> distribution, boolean tickets, boolean usage) {

        public List<Measure> all() {
            return List.of(Measure.values());
        }

        /** The URL of page {@code number} of the accounts table. */
        public String pageUrl(int number) {
            return Links.coverage(number);
        }
    }

    @Inject
    Database database;

    @Inject
    ObjectMapper json;

    /**
     * The coverage of the book and of page {@code page} of the accounts (the first when it is not a page), read
     * in one snapshot: a recalculation saving meanwhile does not make the counts, the distribution and the
     * accounts' page disagree.
     */
    public View report(String page) {
        return QuarkusTransaction.requiringNew().call(() -> {
            database.with(connection -> {
                Sql.execute(connection, "set transaction isolation level repeatable read, read only");
                return null;
            });
            return inOneSnapshot(page);
        });
    }

    private View inOneSnapshot(String page) {
        StringBuilder sql = new StringBuilder("select count(*) filter (where active) as active");
        for (Measure measure : Measure.values()) {
            sql.append(", count(*) filter (where active and jsonb_typeof(measures->'").append(measure.key())
                    .append("') = 'number') as \"").append(measure.key()).append('"');
        }
        sql.append(" from account_snapshot");
        boolean figures = database.one("select exists (select 1 from account_snapshot) as figures",
                row -> row.bool("figures"));
        List<MeasureCoverage> measures = database.one(sql.toString(), row -> {
            List<MeasureCoverage> out = new ArrayList<>();
            for (Measure measure : Measure.values()) {
                out.add(new MeasureCoverage(measure, row.integer(measure.key()), row.integer("active")));
            }
            return out;
        });
        int active = measures.isEmpty() ? 0 : measures.get(0).active();
        Map<Long, Integer> distribution = new java.util.TreeMap<>();
        for (long count = 0; count <= Measure.values().length; count++) {
            distribution.put(count, 0);
        }
        for (long[] row : database.query("""
                select n, count(*) as accounts from (select (select count(*) from jsonb_each(measures) e
                  where jsonb_typeof(e.value) = 'number') n from account_snapshot where active) t group by n""",
                r -> new long[] {r.longValue("n"), r.longValue("accounts")})) {
            distribution.put(row[0], (int) row[1]);
        }
        int pages = Math.max(1, (active + PAGE_SIZE - 1) / PAGE_SIZE);
        int number = parse(page, pages);
        List<AccountCoverage> accounts = database.query("""
                select a.account_id, a.name, a.segment, s.mrr, s.health, s.band, s.measures
                from account_snapshot s join account a on a.tenant_id = s.tenant_id and a.account_id = s.account_id
                where s.active
                order by (select count(*) from jsonb_each(s.measures) e
                          where jsonb_typeof(e.value) = 'number'),
                         s.mrr desc, a.account_id
                limit ? offset ?""", row -> {
            Map<String, Object> values = read(row.string("measures"));
            List<Boolean> has = new ArrayList<>();
            for (Measure measure : Measure.values()) {
                has.add(values.get(measure.key()) instanceof Number);
            }
            return new AccountCoverage(row.string("account_id"), row.string("name"), row.string("segment"),
                    row.doubleValue("mrr"), row.nullableDouble("health"), row.string("band"), has);
        }, PAGE_SIZE, (number - 1) * PAGE_SIZE);
        // without any usage, an account with seats has 0 MAU over them: 0 %, a value, so "data" to the count
        record Held(boolean tickets, boolean usage) {
        }
        Held held = database.one("select exists (select 1 from ticket) as tickets,"
                + " exists (select 1 from product_usage) as usage",
                row -> new Held(row.bool("tickets"), row.bool("usage")));
        return new View(figures, measures, active, accounts, number, pages, distribution, held.tickets(), held.usage());
    }

    private Map<String, Object> read(String value) {
        if (value == null) {
            return Map.of();
        }
        try {
            return json.readValue(value, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int parse(String page, int pages) {
        return Math.min(pages, PageNumber.read(page));
    }
}
