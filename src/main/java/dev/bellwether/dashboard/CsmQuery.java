package dev.bellwether.dashboard;

import java.time.YearMonth;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.QueryParam;

import dev.bellwether.account.AccountBook;
import dev.bellwether.account.BandFilter;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.platform.PageNumber;
import dev.bellwether.platform.Text;
import dev.bellwether.web.Links;

/**
 * The state of the CSM page, all of it in the URL so a view can be bookmarked, shared and saved:
 * whose book ({@code scope} mine or all), the search, the filters, the sort and the page. The band
 * filter takes several bands ({@code band=at_risk&band=needs_attention}; {@code at-risk} is read as
 * {@code at_risk}). A breakdown's slice ({@code by=industry&key=Retail}, both or neither) narrows it to
 * the accounts of one slice, and {@code cohort=2025-09} to the accounts of one cohort (the executive
 * page's drill-downs). A tenure slice is measured at {@code at=2026-03}, the month the breakdown showed (the
 * reporting month without it). A page past the end shows the last one ({@link CsmViews}). Unknown
 * values fall back to the defaults rather than failing; a month before 1900-01 or more than ten years
 * after this month is one of them ({@link MonthParam}).
 */
public record CsmQuery(String scope, String q, List<BandFilter> bands, String segment, Integer renewal,
        boolean paying, boolean withAlerts, boolean withExpansion, String sort, int page, Slice slice,
        String sliceKey, YearMonth sliceAt, YearMonth cohort) {

    /** The longest segment (docs/imports.md: any text of 1–64 characters); a longer one cannot match and is dropped. */
    static final int SEGMENT_MAX = 64;

    /**
     * The segment filtered on: none when blank (no account's segment is: a CSV cell is trimmed, an empty one is
     * "Unsegmented") or longer than a segment can be (dropped, as the list's other impossible values are).
     */
    static String segment(String segment) {
        return segment == null || segment.isBlank() || Text.characters(segment) > SEGMENT_MAX ? null : segment;
    }
    static final Set<Integer> RENEWALS = Set.of(30, 60, 90, 180);
    /** The longest slice key: an industry, plan or e-mail (text cells are at most 512 characters). */
    static final int KEY_MAX = 512;

    /** {@code bands} distinct, in the enum's order. */
    public CsmQuery {
        bands = bands == null || bands.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(bands));
    }

    /** The page's URL parameters as they came (a {@code @BeanParam}). */
    public record Params(@QueryParam("scope") String scope, @QueryParam("q") String q,
            @QueryParam("band") List<String> band, @QueryParam("segment") String segment,
            @QueryParam("renewal") String renewal, @QueryParam("paying") String paying,
            @QueryParam("alerts") String alerts, @QueryParam("expansion") String expansion,
            @QueryParam("sort") String sort, @QueryParam("page") String page, @QueryParam("by") String by,
            @QueryParam("key") String key, @QueryParam("at") String at, @QueryParam("cohort") String cohort) {

        /** Only the scope. */
        static Params of(String scope) {
            return new Params(scope, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** {@code p} read as the page reads it; months are read from 1900-01 to ten years after {@code thisMonth}. */
    static CsmQuery of(Params p, boolean mineByDefault, YearMonth thisMonth) {
        String s = "mine".equals(p.scope()) || "all".equals(p.scope()) ? p.scope() : mineByDefault ? "mine" : "all";
        String q = p.q();
        String search = q == null || q.isBlank() ? null : Text.first(q.trim(), 100);
        Set<BandFilter> bands = EnumSet.noneOf(BandFilter.class);
        if (p.band() != null) {
            for (String word : p.band()) {
                if (word != null) {
                    BandFilter.of(word.trim().replace('-', '_')).ifPresent(bands::add);
                }
            }
        }
        String segment = p.segment();
        Slice slice = p.by() == null ? null : Slice.of(p.by()).orElse(null);
        String key = p.key() == null || p.key().isEmpty() || Text.characters(p.key()) > KEY_MAX ? null : p.key();
        boolean sliced = slice != null && key != null;
        return new CsmQuery(s, search, List.copyOf(bands),
                segment(segment),
                renewal(p.renewal()), on(p.paying()), on(p.alerts()), on(p.expansion()),
                p.sort() != null && AccountBook.SORTS.containsKey(p.sort()) ? p.sort() : "health", page(p.page()),
                sliced ? slice : null, sliced ? key : null,
                sliced && slice == Slice.TENURE ? MonthParam.read(p.at(), thisMonth) : null,
                MonthParam.read(p.cohort(), thisMonth));
    }

    private static Integer renewal(String renewal) {
        try {
            Integer days = renewal == null || renewal.isBlank() ? null : Integer.valueOf(renewal.trim());
            return days != null && RENEWALS.contains(days) ? days : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int page(String page) {
        return PageNumber.read(page);
    }

    private static boolean on(String flag) {
        return "true".equals(flag) || "open".equals(flag) || "on".equals(flag) || "1".equals(flag);
    }

    /** The same view on page {@code number}. */
    CsmQuery onPage(int number) {
        return new CsmQuery(scope, q, bands, segment, renewal, paying, withAlerts, withExpansion, sort, number, slice,
                sliceKey, sliceAt, cohort);
    }

    /** The bands' words in the enum's order (URL and filter values). */
    public List<String> bandKeys() {
        return bands.stream().map(BandFilter::word).toList();
    }

    /** Whether the list is filtered by {@code band} (a {@link BandFilter} word). */
    public boolean hasBand(String band) {
        return BandFilter.of(band).map(bands::contains).orElse(false);
    }

    public boolean mine() {
        return "mine".equals(scope);
    }

    /** This view's URL with some parameters changed ({@code name, value, name, value, …}; null removes). */
    public String url(String... changes) {
        return Links.csm(parameters(changes));
    }

    /** The query string of this view without its page, as saved views keep it ({@code scope=all&band=at_risk}). */
    public String savedQuery() {
        return savedQuery(true);
    }

    /**
     * As {@link #savedQuery()}; without the scope when {@code withScope} is false, for a view saved without one,
     * which opens each person's default (a CSM's own book, everyone else's whole organisation).
     */
    public String savedQuery(boolean withScope) {
        String url = withScope ? url("page", null) : url("page", null, "scope", null);
        int at = url.indexOf('?');
        return at < 0 ? "" : url.substring(at + 1);
    }

    /**
     * The URL of a tile's accounts: the scope and sort kept, every filter replaced by {@code filters}
     * ({@code name, value, …}).
     */
    public String only(String... filters) {
        return new CsmQuery(scope, null, List.of(), null, null, false, false, false, sort, 1, null, null, null, null)
                .url(filters);
    }

    private List<Map.Entry<String, String>> parameters(String... changes) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("scope", one(scope));
        params.put("q", one(q));
        params.put("band", bandKeys());
        params.put("segment", one(segment));
        params.put("renewal", one(renewal == null ? null : renewal.toString()));
        params.put("paying", one(paying ? "true" : null));
        params.put("alerts", one(withAlerts ? "open" : null));
        params.put("expansion", one(withExpansion ? "open" : null));
        params.put("sort", one("health".equals(sort) ? null : sort));
        params.put("page", one(page == 1 ? null : Integer.toString(page)));
        params.put("by", one(slice == null ? null : slice.key()));
        params.put("key", one(sliceKey));
        params.put("at", one(sliceAt == null ? null : sliceAt.toString()));
        params.put("cohort", one(cohort == null ? null : cohort.toString()));
        for (int i = 0; i + 1 < changes.length; i += 2) {
            params.put(changes[i], one(changes[i + 1]));
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        params.forEach((name, values) -> values.forEach(v -> pairs.add(new AbstractMap.SimpleEntry<>(name, v))));
        return pairs;
    }

    private static List<String> one(String value) {
        return value == null ? List.of() : List.of(value);
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

    /** The order in words, for the table's caption ("health, lowest first"). */
    public String sortLabel() {
        String column = sort.startsWith("-") ? sort.substring(1) : sort;
        boolean descending = sort.startsWith("-");
        return switch (column) {
            case "mrr" -> "MRR, " + (descending ? "largest first" : "smallest first");
            case "name" -> "name, " + (descending ? "Z to A" : "A to Z");
            case "renewal" -> "renewal date, " + (descending ? "latest first" : "soonest first");
            default -> "health, " + (descending ? "highest first" : "lowest first");
        };
    }

    /** The query of the CSV export: the same filters, every page. */
    public String exportUrl() {
        return Links.csmExport(parameters("page", null));
    }

    /** The tiles of this view: the same filters and sort, so a reload keeps the current tile and the tiles' sort. */
    public String tilesUrl() {
        return Links.csmTiles(parameters("page", null));
    }

    /** The alerts panel of this view (it follows the list's filters). */
    public String alertsUrl(boolean all) {
        return Links.csmAlertsOf(parameters("page", null, "sort", null, "all", all ? "true" : null));
    }

    /** The URL that clears every filter but the scope. */
    public String clearUrl() {
        return only();
    }

    public boolean filtered() {
        return q != null || !bands.isEmpty() || segment != null || renewal != null || paying || withAlerts
                || withExpansion || slice != null || cohort != null;
    }

    /** The slice the list is narrowed to, in words ("Industry: Retail", "Tenure: 6-11 in 2026-03"); null when not. */
    public String sliceLabel() {
        return slice == null ? null : slice.label() + ": " + sliceKey + (sliceAt == null ? "" : " in " + sliceAt);
    }
}
