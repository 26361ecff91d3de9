package dev.bellwether.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.QueryParam;

import dev.bellwether.account.AccountBook;
import dev.bellwether.account.BandFilter;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.web.Links;

/**
 * The state of the CSM page, all of it in the URL so a view can be bookmarked and shared:
 * whose book ({@code scope} mine or all), the search, the filters, the sort and the page.
 * Unknown values fall back to the defaults rather than failing.
 */
public record CsmQuery(String scope, String q, BandFilter band, String segment, Integer renewal, String sort,
        int page, Slice slice, String sliceKey) {

    /** The longest segment (docs/imports.md: any text of 1–64 characters); a longer one cannot match and is dropped. */
    static final int SEGMENT_MAX = 64;
    static final Set<Integer> RENEWALS = Set.of(30, 60, 90, 180);
    /** The longest slice key: an industry, plan or e-mail (text cells are at most 512 characters). */
    static final int KEY_MAX = 512;

    /** The page's URL parameters as they came (a {@code @BeanParam}). */
    public record Params(@QueryParam("scope") String scope, @QueryParam("q") String q, @QueryParam("band") String band,
            @QueryParam("segment") String segment, @QueryParam("renewal") String renewal,
            @QueryParam("sort") String sort, @QueryParam("page") String page, @QueryParam("by") String by,
            @QueryParam("key") String key) {

        /** Only the scope (the tiles and the alerts panel). */
        static Params of(String scope) {
            return new Params(scope, null, null, null, null, null, null, null, null);
        }
    }

    static CsmQuery of(Params params, boolean mineByDefault) {
        CsmQuery query = of(params.scope(), params.q(), params.band(), params.segment(), params.renewal(),
                params.sort(), params.page(), mineByDefault);
        // a breakdown's slice (docs/metrics.md, Breakdowns): ?by=industry&key=Retail; both or neither
        Slice slice = params.by() == null ? null : Slice.of(params.by()).orElse(null);
        String key = params.key() == null || params.key().isEmpty() || params.key().length() > KEY_MAX ? null
                : params.key();
        return slice == null || key == null ? query
                : new CsmQuery(query.scope, query.q, query.band, query.segment, query.renewal, query.sort, query.page,
                        slice, key);
    }

    static CsmQuery of(String scope, String q, String band, String segment, String renewal, String sort, String page,
            boolean mineByDefault) {
        String s = "mine".equals(scope) || "all".equals(scope) ? scope : mineByDefault ? "mine" : "all";
        String search = q == null || q.isBlank() ? null : q.trim().substring(0, Math.min(q.trim().length(), 100));
        Integer days = null;
        try {
            days = renewal == null || renewal.isBlank() ? null : Integer.valueOf(renewal);
        } catch (NumberFormatException e) {
            days = null;
        }
        int p = 1;
        try {
            p = page == null ? 1 : Math.max(1, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            p = 1;
        }
        return new CsmQuery(s, search, BandFilter.of(band).orElse(null),
                segment == null || segment.isEmpty() || segment.length() > SEGMENT_MAX ? null : segment,
                days != null && RENEWALS.contains(days) ? days : null,
                sort != null && AccountBook.SORTS.containsKey(sort) ? sort : "health", p, null, null);
    }

    /** The band filter's key (a band or {@code none}); null when the list is not filtered by band. */
    public String bandKey() {
        return band == null ? null : band.word();
    }

    public boolean mine() {
        return "mine".equals(scope);
    }

    /** This view's URL with some parameters changed ({@code name, value, name, value, …}; null removes). */
    public String url(String... changes) {
        return Links.csm(parameters(changes));
    }

    private Map<String, String> parameters(String... changes) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scope", scope);
        params.put("q", q);
        params.put("band", bandKey());
        params.put("segment", segment);
        params.put("renewal", renewal == null ? null : renewal.toString());
        params.put("sort", "health".equals(sort) ? null : sort);
        params.put("page", page == 1 ? null : Integer.toString(page));
        params.put("by", slice == null ? null : slice.key());
        params.put("key", sliceKey);
        for (int i = 0; i + 1 < changes.length; i += 2) {
            params.put(changes[i], changes[i + 1]);
        }
        return params;
    }

    public String previousPageUrl() {
        return url("page", Integer.toString(page - 1));
    }

    public String nextPageUrl() {
        return url("page", Integer.toString(page + 1));
    }

    /** The URL of the same list sorted by {@code column}, reversing the order when it is already sorted by it. */
    public String sortUrl(String column) {
        String next = sort.equals(column) ? (column.startsWith("-") ? column.substring(1) : "-" + column) : column;
        return url("sort", next, "page", null);
    }

    /** aria-sort of a column: ascending, descending or none. */
    public String ariaSort(String column) {
        return sort.equals(column) ? "ascending" : sort.equals("-" + column) ? "descending" : "none";
    }

    /** The query of the CSV export: the same filters, every page. */
    public String exportUrl() {
        return Links.csmExport(parameters("page", null));
    }

    public boolean filtered() {
        return q != null || band != null || segment != null || renewal != null || slice != null;
    }

    /** The slice the list is narrowed to, in words ("Industry: Retail"); null when it is not. */
    public String sliceLabel() {
        return slice == null ? null : slice.label() + ": " + sliceKey;
    }
}
