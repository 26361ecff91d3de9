package dev.bellwether.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.account.AccountBook;
import dev.bellwether.account.AccountRepository;
import dev.bellwether.account.CohortFilter;
import dev.bellwether.account.SliceFilter;
import dev.bellwether.alerts.AccountCondition;
import dev.bellwether.alerts.AccountCriteria;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.Slice;
import dev.bellwether.metrics.calc.TenantMetrics;
import dev.bellwether.platform.Clocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.Figure;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Freshness;
import dev.bellwether.web.PageCache;
import dev.bellwether.web.RenderedRegions;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/**
 * Builds the CSM page's view of a request's URL state from the tenant's data at one version:
 * the list, the book's tiles and the open alerts of the listed accounts (the panel follows the
 * list's filters), kept per tenant, user, URL and data version
 * (and day, as renewals count from today) so an unchanged page is not read again.
 */
@ApplicationScoped
public class CsmViews {

    static final int PAGE_SIZE = 25;
    /** The order the alerts panel lists rules in: what threatens revenue first. */
    static final List<String> URGENCY = List.of("at-risk", "renewal-risk", "health-drop", "detractor", "usage-decline",
            "no-contact");
    /** Alerts the panel shows at most; the rest are a click away. */
    static final int ALERTS_SHOWN = 10;
    /**
     * Alerts the panel shows at most when all are asked for: the most pressing ones; past that the accounts'
     * filters narrow it (a book of thousands of open alerts was one page of thousands of forms).
     */
    static final int ALERTS_AT_MOST = 200;
    /** Rows of the CSV export at most. */
    static final int EXPORT_ROWS = 100_000;

    /** What a view shows apart from the flash, built from the data at one version. */
    private record Data(boolean owns, AccountBook.Page page, List<Figure> tiles, List<AlertBook.Alert> alerts,
            int alertCount, List<String> segments) {
    }

    /** The tiles are worded in the organisation's currency, which changes without a new version of the data. */
    private record ViewKey(String tenant, String email, String url, boolean allAlerts, String version,
            LocalDate today, String currency) {
    }

    private record OwnerKey(String tenant, String email, String version) {
    }

    @Inject
    AccountBook book;

    @Inject
    AccountRepository accounts;

    @Inject
    AlertBook alerts;

    @Inject
    Snapshots snapshots;

    @Inject
    Freshness freshness;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Inject
    SavedViews savedViews;

    @Inject
    RenderedRegions rendered;

    @Inject
    @CacheName("csm-views")
    Cache views;

    @Inject
    @CacheName("csm-owners")
    Cache owners;

    /** The view of {@code request}, from the tenant's data at one version (read once). */
    public CsmResource.CsmView view(CsmQuery.Params request, CsmResource.Flash flash, boolean allAlerts) {
        // first, with the freshness badge's status in one statement (every caller has made its change by now): a
        // recalculation that ends before the figures are read makes the badge older than the page (the badge
        // reloads it), never newer (it would not)
        Optional<String> version = freshness.version();
        CsmQuery query = query(request, version);
        String email = user.getEmail();
        LocalDate today = Clocks.today(clock);
        CsmResource.Viewer viewer = new CsmResource.Viewer(email, mayAct(), user.isAdmin(), savedViews.visible());
        if (version.isEmpty()) {
            CsmRegions regions = new CsmRegions(rendered, null, user.getCurrency());
            return withRegions(new CsmResource.CsmView(query, viewer, owns(email, null),
                    new AccountBook.Page(List.of(), 0, 1, PAGE_SIZE), List.of(), List.of(), 0, allAlerts, flash, false,
                    List.of(), regions), regions);
        }
        ViewKey key = new ViewKey(TenantContext.require(), email, query.url(), allAlerts, version.get(), today,
                user.getCurrency());
        Data data = PageCache.get(views, key, () -> build(query, email, allAlerts, today, version.get()));
        CsmRegions regions = new CsmRegions(rendered, key, user.getCurrency());
        // the page shown: the last one when the one asked for is past the end (its links lead on from there)
        CsmQuery shown = query.page() == data.page().page() ? query : query.onPage(data.page().page());
        return withRegions(new CsmResource.CsmView(shown, viewer, data.owns(), data.page(), data.tiles(),
                data.alerts(), data.alertCount(), allAlerts, flash, true, data.segments(), regions), regions);
    }

    private static CsmResource.CsmView withRegions(CsmResource.CsmView view, CsmRegions regions) {
        regions.of(view);
        return view;
    }

    /** Whether the user may act here (acknowledge, save views, bulk actions): CSMs and admins, not executives. */
    public boolean mayAct() {
        return user.getRoles().contains(CurrentUser.CSM) || user.getRoles().contains(CurrentUser.ADMIN);
    }

    /** Every account of {@code request}'s list (all pages), for the CSV export. */
    public List<AccountBook.Line> all(CsmQuery.Params request) {
        CsmQuery query = query(request, snapshots.version());
        return book.list(filterFor(query, user.getEmail(), reportingMonth(query)), query.sort(), 1, EXPORT_ROWS,
                Clocks.today(clock)).lines();
    }

    private CsmQuery query(CsmQuery.Params request, Optional<String> version) {
        boolean mineByDefault = user.getRoles().contains(CurrentUser.CSM)
                && owns(user.getEmail(), version.orElse(null));
        return CsmQuery.of(request, mineByDefault, Clocks.thisMonth(clock));
    }

    private Data build(CsmQuery query, String email, boolean allAlerts, LocalDate today, String version) {
        String csm = query.mine() ? email : null;
        AccountBook.Filter filter = filterFor(query, email, reportingMonth(query));
        AccountBook.Page page = book.list(filter, query.sort(), query.page(), PAGE_SIZE, today);
        if (page.total() > 0 && query.page() > page.pages()) {
            // past the end (an old bookmark, a list that has shrunk): the last page rather than nothing
            page = book.list(filter, query.sort(), page.pages(), PAGE_SIZE, today);
        }
        AccountBook.BookTotals totals = emptyBook(query, email) ? new AccountBook.BookTotals(0, 0, 0, 0, 0)
                : book.totals(csm, today);
        TenantMetrics metrics = query.mine()
                ? snapshots.scope("csm", null).get(email == null ? "" : email.toLowerCase())
                : snapshots.tenant(null).orElse(null);
        AccountCriteria covered = filter.criteria(today);
        return new Data(owns(email, version), page, tiles(totals, metrics),
                alerts.openOf(covered, URGENCY, allAlerts ? ALERTS_AT_MOST : ALERTS_SHOWN),
                alerts.countOpenOf(covered), accounts.segments());
    }

    private List<Figure> tiles(AccountBook.BookTotals totals, TenantMetrics metrics) {
        String currency = user.getCurrency();
        List<Figure> tiles = new ArrayList<>();
        tiles.add(new Figure("atRisk", "Accounts at risk", (double) totals.atRisk(), Formats.grouped(totals.atRisk()),
                null, "Paying accounts in the at-risk band (health below the at-risk threshold).", "band = at risk"));
        tiles.add(new Figure("renewals", "Renewals in 90 days", (double) totals.renewalsIn90Days(),
                Formats.grouped(totals.renewalsIn90Days()), null,
                "Paying accounts whose renewal date is in the next 90 days from today.",
                "renewal_date between today and today + 90"));
        tiles.add(Figure.of(MetricDefinition.EXPANSION_PIPELINE, totals.openExpansion(), currency).shortened(currency));
        tiles.add(Figure.of(MetricDefinition.OVERDUE_QBRS,
                metrics == null ? 0.0 : (double) metrics.count(MetricDefinition.OVERDUE_QBRS), currency));
        tiles.add(Figure.of(MetricDefinition.UNANSWERED_TICKETS,
                metrics == null ? 0.0 : (double) metrics.count(MetricDefinition.UNANSWERED_TICKETS), currency));
        tiles.add(new Figure("alerts", "Open alerts", (double) totals.openAlerts(),
                Formats.grouped(totals.openAlerts()), null,
                "Alerts not resolved yet (open, acknowledged or snoozed), whenever they were raised.",
                "alerts not resolved"));
        return List.copyOf(tiles);
    }

    /** Whether {@code email} is the CSM of any account; cached per data version when there is one. */
    private boolean owns(String email, String version) {
        if (version == null) {
            return book.owns(email);
        }
        return PageCache.get(owners, new OwnerKey(TenantContext.require(), email, version), () -> book.owns(email));
    }

    /** The list's filter; the alerts panel reads its {@link AccountBook.Filter#criteria criteria}, all of it. */
    private static AccountBook.Filter filterFor(CsmQuery query, String email, YearMonth month) {
        List<AccountCondition> conditions = new ArrayList<>();
        if (query.slice() != null) {
            conditions.add(new SliceFilter(query.slice(), query.sliceKey(), month));
        }
        if (query.cohort() != null) {
            conditions.add(new CohortFilter(query.cohort()));
        }
        if (emptyBook(query, email)) {
            conditions.add((account, tenant, parameters) -> " and false");
        }
        return new AccountBook.Filter(query.bands(), query.segment(), query.mine() ? email : null, query.q(),
                query.renewal(), query.paying(), query.withAlerts(), query.withExpansion(), conditions);
    }

    /** "My book" of someone without a verified e-mail is empty: no account names them, and null is everyone. */
    private static boolean emptyBook(CsmQuery query, String email) {
        return query.mine() && email == null;
    }

    /**
     * The month a tenure slice is measured at: the breakdown's month it came from, else the reporting month (only
     * read when the list is sliced by tenure).
     */
    private YearMonth reportingMonth(CsmQuery query) {
        return query.slice() != Slice.TENURE ? null : query.sliceAt() != null ? query.sliceAt()
                : snapshots.status().map(Snapshots.Status::reportingMonth).orElse(null);
    }
}
