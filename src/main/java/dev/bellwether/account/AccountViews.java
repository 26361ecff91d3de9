package dev.bellwether.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import dev.bellwether.alerts.AlertBook;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.health.HealthModels;
import dev.bellwether.platform.Clocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.AlertDraft;
import dev.bellwether.web.ChartData;
import dev.bellwether.web.Freshness;
import dev.bellwether.web.PageCache;
import dev.bellwether.web.charts.DescribedChart;
import dev.bellwether.web.charts.HistoryChart;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/** Builds the account page's views; another tenant's id is not found, exactly like an id that does not exist. */
@ApplicationScoped
public class AccountViews {

    /** Weeks of usage the chart shows, ending at the reporting month's end. */
    static final int USAGE_WEEKS = 26;
    /** Resolved alerts stay on the page this long. */
    static final Duration RESOLVED_SHOWN = Duration.ofDays(90);

    @Inject
    AccountBook book;

    @Inject
    AccountRecords records;

    @Inject
    AlertBook alerts;

    @Inject
    HealthModels models;

    @Inject
    HealthOverrides overrides;

    @Inject
    ChartData charts;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Inject
    Freshness freshness;

    @Inject
    @CacheName("account-pages")
    Cache pages;

    /** Whose page, at which version of the tenant's data, on which day, in which currency. */
    private record PartsKey(String tenant, String accountId, String version, LocalDate today, String currency) {
    }

    private record Parts(AccountBook.Full account, DescribedChart health, DescribedChart mrr,
            DescribedChart usage, boolean hasUsage, AccountRecords.Listed<AccountRecords.Survey> surveys,
            AccountRecords.Listed<AccountRecords.Ticket> tickets,
            AccountRecords.Listed<AccountRecords.Opportunity> opportunities, List<AlertBook.Alert> alerts,
            AccountRecords.Listed<AccountRecords.Activity> activities, Optional<HealthOverrides.Override> override) {
    }

    /** The account, or 404. */
    public AccountBook.Full account(String accountId) {
        return book.find(accountId).orElseThrow(NotFoundException::new);
    }

    /** The account, when the user may override its band (its CSM or an admin); 404 or 403 otherwise. */
    public AccountBook.Full overridable(String accountId) {
        AccountBook.Full account = account(accountId);
        if (!overrides.mayOverride(account.line())) {
            throw new ForbiddenException("Only the account's CSM or an admin may override its band");
        }
        return account;
    }

    /**
     * The whole page; {@code typed} is the override form as posted when it was refused (null: a blank form),
     * {@code flash} what the alerts panel says of the last action (null: nothing).
     */
    public AccountView page(String accountId, AccountView.OverrideForm typed, String flash, AlertDraft draft) {
        LocalDate today = Clocks.today(clock);
        // first, with the freshness badge's status in one statement: a recalculation that ends before the figures
        // are read makes the badge older than the page (the badge reloads it), never newer (it would not)
        Optional<String> version = freshness.version();
        PartsKey key = version.map(v -> new PartsKey(TenantContext.require(), accountId, v, today, user.getCurrency()))
                .orElse(null);
        Parts parts = key == null ? parts(accountId, today) : PageCache.get(pages, key, () -> parts(accountId, today));
        return alertsOf(parts.account(), parts.alerts(), flash).alertDraft(draft)
                .charts(parts.health(), parts.mrr(), parts.usage(), parts.hasUsage())
                .records(parts.surveys(), parts.tickets(), parts.activities(), parts.opportunities())
                .override(parts.override(),
                        typed != null ? typed
                                : AccountView.OverrideForm.blank(overrides.mayOverride(parts.account().line()), today))
                .dataKey(key).build();
    }

    /**
     * The last day the usage chart reads: the reporting month's end, but never today or later. Imports take
     * dates up to the end of this month, so the reporting month can be this one, and its weeks still to come
     * would read as weeks without usage.
     */
    static LocalDate usageUntil(java.time.YearMonth month, LocalDate today) {
        LocalDate yesterday = today.minusDays(1);
        return month == null || month.atEndOfMonth().isAfter(yesterday) ? yesterday : month.atEndOfMonth();
    }

    /**
     * What the page shows of the account's data at one version. Its alerts, its override and its timeline are
     * part of it: what people change between recalculations moves the version too (an alert acted on, a band set,
     * a note or call logged: it shows at once), and so does midnight, when snoozes and overrides lapse.
     */
    private Parts parts(String accountId, LocalDate today) {
        AccountBook.Full account = account(accountId);
        LocalDate asOf = usageUntil(account.month(), today);
        List<AccountBook.HistoryPoint> history = AccountCharts.calendar(book.history(accountId), account.month());
        List<HealthModelStore.Versioned> versions = models.versions();
        List<AccountRecords.UsageWeek> usage = records.usageByWeek(accountId, asOf, USAGE_WEEKS);
        HistoryChart health = AccountCharts.health(history, versions);
        return new Parts(account, charts.described(health, AccountCharts.healthText(history, health)),
                charts.described(AccountCharts.mrr(history), AccountCharts.mrrText(history, user.getCurrency())),
                charts.described(AccountCharts.usage(usage), AccountCharts.usageText(usage)),
                usage.stream().anyMatch(u -> u.events() > 0),
                records.surveys(accountId, AccountRecords.SHOWN), records.tickets(accountId, AccountRecords.SHOWN),
                records.opportunities(accountId, AccountRecords.SHOWN), alerts.list(ofAccount(accountId)),
                records.activities(accountId, AccountRecords.SHOWN), overrides.find(accountId));
    }

    /** The alerts panel alone, with the outcome of the last action ({@code flash}). */
    public AccountView alertsPanel(String accountId, String flash, AlertDraft draft) {
        AccountBook.Full account = account(accountId);
        return alertsOf(account, alerts.list(ofAccount(accountId)), flash).alertDraft(draft)
                .override(Optional.empty(), AccountView.OverrideForm.blank(false, Clocks.today(clock))).build();
    }

    /** The override form as typed, with its problems. */
    public AccountView.OverrideForm typed(OverrideRequest request, List<String> problems) {
        return AccountView.OverrideForm.typed(request, problems, Clocks.today(clock));
    }

    /** Every alert of the account, as {@link #alertsOf} sifts them. */
    private static AlertBook.Filter ofAccount(String accountId) {
        return new AlertBook.Filter("all", accountId, null, null);
    }

    /** Of the account's {@code all} alerts, the open ones and those resolved in the last 90 days (to the instant). */
    private AccountView.Builder alertsOf(AccountBook.Full account, List<AlertBook.Alert> all, String flash) {
        Instant since = clock.instant().minus(RESOLVED_SHOWN);
        List<AlertBook.Alert> shown = all.stream()
                .filter(a -> !a.resolved() || a.resolvedAt() != null && a.resolvedAt().isAfter(since))
                .toList();
        boolean canAct = user.getRoles().contains(CurrentUser.CSM) || user.getRoles().contains(CurrentUser.ADMIN);
        return AccountView.of(account).alerts(shown, canAct, flash);
    }
}
