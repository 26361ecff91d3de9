package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.health.Measure;
import dev.bellwether.tenant.TenantReads;
import dev.bellwether.web.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/coverage}: which health measures have data, for the whole book and per account
 * (the accounts resting on the fewest measures first), so admins see where a score rests on little.
 * Over the paying accounts of the reporting month, from the latest recalculation.
 */
@Path("/admin/coverage")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class CoveragePage {

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

    public record View(List<MeasureCoverage> measures, int active, List<AccountCoverage> accounts, int page, int pages,
            Map<Long, Integer> distribution) {

        public List<Measure> all() {
            return List.of(Measure.values());
        }

        /** The URL of page {@code number} of the accounts table. */
        public String pageUrl(int number) {
            return Links.coverage(number);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    TenantReads reads;

    @Inject
    ObjectMapper json;

    @GET
    public TemplateInstance page(@QueryParam("page") String page) {
        StringBuilder sql = new StringBuilder("select count(*)");
        for (Measure measure : Measure.values()) {
            sql.append(", count(*) filter (where jsonb_typeof(detail->'measures'->'").append(measure.key())
                    .append("') = 'number')");
        }
        sql.append(" from account_snapshot where active");
        int[] counts = reads.list("the coverage", sql.toString(), List.of(), rows -> {
            int[] out = new int[Measure.values().length + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = rows.getInt(i + 1);
            }
            return out;
        }).get(0);
        int active = counts[0];
        List<MeasureCoverage> measures = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            measures.add(new MeasureCoverage(measure, counts[measure.ordinal() + 1], active));
        }
        Map<Long, Integer> distribution = new java.util.TreeMap<>();
        for (long[] row : reads.list("the coverage", """
                select n, count(*) from (select (select count(*) from jsonb_each(detail->'measures') e
                  where jsonb_typeof(e.value) = 'number') n from account_snapshot where active) t group by n""", List.of(),
                rows -> new long[] { rows.getLong(1), rows.getLong(2) })) {
            distribution.put(row[0], (int) row[1]);
        }
        int pages = Math.max(1, (active + PAGE_SIZE - 1) / PAGE_SIZE);
        int number = parse(page, pages);
        List<AccountCoverage> accounts = reads.list("the coverage", """
                select a.account_id, a.name, a.segment, s.mrr, s.health, s.band, s.detail->'measures'
                from account_snapshot s join account a on a.tenant_id = s.tenant_id and a.account_id = s.account_id
                where s.active
                order by (select count(*) from jsonb_each(s.detail->'measures') e where jsonb_typeof(e.value) = 'number'),
                         s.mrr desc, a.account_id
                limit ? offset ?""", List.of(PAGE_SIZE, (number - 1) * PAGE_SIZE), rows -> {
            Map<String, Object> values = read(rows.getString(7));
            List<Boolean> has = new ArrayList<>();
            for (Measure measure : Measure.values()) {
                has.add(values.get(measure.key()) instanceof Number);
            }
            return new AccountCoverage(rows.getString(1), rows.getString(2), rows.getString(3), rows.getDouble(4),
                    (Double) rows.getObject(5), rows.getString(6), has);
        });
        return Templates.page(new View(measures, active, accounts, number, pages, distribution));
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
        try {
            return page == null ? 1 : Math.max(1, Math.min(pages, Integer.parseInt(page)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
