package dev.bellwether.account;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.bellwether.alerts.AlertBook;
import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.web.AlertDraft;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Links;
import dev.bellwether.web.charts.DescribedChart;

/**
 * What the account page shows: the account, its alerts panel, its charts (JSON for charts.js), its
 * records and its override. Built with {@link #of}; what a builder is not given stays empty (the
 * alerts panel alone needs no charts or records).
 */
public record AccountView(AccountBook.Full account, List<AlertBook.Alert> alerts, boolean canAct, String flash,
        AlertDraft alertDraft, DescribedChart healthChart, DescribedChart mrrChart, DescribedChart usageChart,
        boolean hasUsage, AccountRecords.Listed<AccountRecords.Survey> surveys,
        AccountRecords.Listed<AccountRecords.Ticket> tickets, AccountRecords.Listed<AccountRecords.Activity> activities,
        AccountRecords.Listed<AccountRecords.Opportunity> opportunities, Optional<HealthOverrides.Override> override,
        OverrideForm overrideForm, Object dataKey) {

    public AccountBook.Line line() {
        return account.line();
    }

    public AccountDetail detail() {
        return account.detail();
    }

    /** The measures ranked by the points they cost, with last month's values and points ("why it moved"). */
    public List<WhyMoved.Line> whyMoved() {
        return WhyMoved.of(account.detail());
    }

    /** Whether a component weighing something had no data this month, so its weight was shared among the others. */
    public boolean componentWithoutData() {
        AccountDetail detail = account.detail();
        return detail != null && detail.explainComponents() != null
                && detail.explainComponents().stream().anyMatch(c -> c.score() == null && c.weight() > 0);
    }

    public int modelVersion() {
        return account.detail() == null ? 0 : account.detail().modelVersion();
    }

    /** Whether the user may act on {@code alert}: csm and admin, while it is not resolved. */
    public boolean mayAct(AlertBook.Alert alert) {
        return canAct && !alert.resolved();
    }

    /** Where an alert's action form posts. */
    public String alertUrl(long alertId) {
        return Links.accountAlert(account.line().accountId(), alertId);
    }

    /**
     * The override form: whether the user may use it, what they typed, what is wrong with it, and
     * the dates it accepts ({@code min} tomorrow, {@code max} the last day an override may last).
     */
    public record OverrideForm(boolean allowed, List<Problem> problems, String band, String reason, String expiresOn,
            String min, String max) {

        private static final Map<String, String> LABELS = Map.of("band", "Band", "reason", "Reason", "expiresOn",
                "Until");
        private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

        /** A problem in the form's words, and the field it is about ("form" when none), to tie it to its field. */
        public record Problem(String field, String text) {
        }

        /** Whether one of the problems is about {@code field}: its input is marked invalid and tied to it. */
        public boolean invalid(String field) {
            return problems.stream().anyMatch(p -> p.field().equals(field));
        }

        /** The form as it first shows: a 30-day override from {@code today}. */
        static OverrideForm blank(boolean allowed, LocalDate today) {
            return new OverrideForm(allowed, List.of(), null, "", today.plusDays(30).toString(),
                    today.plusDays(1).toString(), today.plusDays(HealthOverrides.MAX_DAYS).toString());
        }

        /** The form as typed, with its problems. */
        static OverrideForm typed(OverrideRequest typed, List<String> problems, LocalDate today) {
            OverrideForm blank = blank(true, today);
            // one problem per field, its messages joined: each is tied to its field by one id
            Map<String, String> byField = new java.util.LinkedHashMap<>();
            for (Problem p : problems.stream().map(OverrideForm::worded).toList()) {
                String said = byField.get(p.field());
                // "Reason: say why …; at most 2,000 characters": the label once
                byField.put(p.field(), said == null ? p.text() : p.field().equals("form") ? said + " " + p.text()
                        : said + "; " + p.text().substring(LABELS.get(p.field()).length() + 2));
            }
            List<Problem> joined = byField.entrySet().stream().map(e -> new Problem(e.getKey(), e.getValue()))
                    .toList();
            return new OverrideForm(true, joined, typed.band(), typed.reason() == null ? "" : typed.reason(),
                    typed.expiresOn(), blank.min(), blank.max());
        }

        /**
         * "expiresOn: must be after today (2026-11-03)" as the form says it, "Until: must be after today
         * (3 Nov 2026)": the API's field names and dates are not the labels and dates on the page.
         */
        static Problem worded(String problem) {
            int colon = problem.indexOf(": ");
            String field = colon < 0 ? null : problem.substring(0, colon);
            String label = field == null ? null : LABELS.get(field);
            if (label == null) {
                return new Problem("form", problem);
            }
            String text = field.equals("band") ? "choose Healthy, Needs attention or At risk"
                    : problem.substring(colon + 2).replace(" (YYYY-MM-DD)", "");
            return new Problem(field, label + ": " + ISO_DATE.matcher(text)
                    .replaceAll(date -> Formats.day(LocalDate.parse(date.group()))));
        }
    }

    /** Which override the page shows, sent back by its form ({@link HealthOverrides#opened}). */
    public String overrideOpened() {
        return HealthOverrides.opened(override);
    }

    /** A builder of the view of {@code account}. */
    static Builder of(AccountBook.Full account) {
        return new Builder(account);
    }

    /** Collects the parts of a view; each part is optional. */
    static final class Builder {

        private static final AccountRecords.Listed<?> NONE = new AccountRecords.Listed<>(List.of(), 0);

        private final AccountBook.Full account;
        private List<AlertBook.Alert> alerts = List.of();
        private boolean canAct;
        private String flash;
        private AlertDraft alertDraft = AlertDraft.NONE;
        private DescribedChart healthChart;
        private DescribedChart mrrChart;
        private DescribedChart usageChart;
        private boolean hasUsage;
        private AccountRecords.Listed<AccountRecords.Survey> surveys = none();
        private AccountRecords.Listed<AccountRecords.Ticket> tickets = none();
        private AccountRecords.Listed<AccountRecords.Activity> activities = none();
        private AccountRecords.Listed<AccountRecords.Opportunity> opportunities = none();
        private Optional<HealthOverrides.Override> override = Optional.empty();
        private OverrideForm overrideForm;
        private Object dataKey;

        private Builder(AccountBook.Full account) {
            this.account = account;
        }

        /** The alerts panel: its alerts, whether the user may act on them and the outcome of the last action. */
        Builder alerts(List<AlertBook.Alert> alerts, boolean canAct, String flash) {
            this.alerts = alerts;
            this.canAct = canAct;
            this.flash = flash;
            return this;
        }

        /** An alert's action form refused, shown again as typed. */
        Builder alertDraft(AlertDraft draft) {
            this.alertDraft = draft;
            return this;
        }

        /** The charts' data; {@code hasUsage} whether there is any usage to draw. */
        Builder charts(DescribedChart health, DescribedChart mrr, DescribedChart usage, boolean hasUsage) {
            this.healthChart = health;
            this.mrrChart = mrr;
            this.usageChart = usage;
            this.hasUsage = hasUsage;
            return this;
        }

        Builder records(AccountRecords.Listed<AccountRecords.Survey> surveys,
                AccountRecords.Listed<AccountRecords.Ticket> tickets,
                AccountRecords.Listed<AccountRecords.Activity> activities,
                AccountRecords.Listed<AccountRecords.Opportunity> opportunities) {
            this.surveys = surveys;
            this.tickets = tickets;
            this.activities = activities;
            this.opportunities = opportunities;
            return this;
        }

        /** The override in force and the form to set one. */
        Builder override(Optional<HealthOverrides.Override> override, OverrideForm form) {
            this.override = override;
            this.overrideForm = form;
            return this;
        }

        /**
         * What names the account's data at one version (tenant, account, version, today, currency): the page's
         * regions that show only that data are rendered once under it (AccountRegions). Null: render afresh.
         */
        Builder dataKey(Object key) {
            this.dataKey = key;
            return this;
        }

        AccountView build() {
            return new AccountView(account, alerts, canAct, flash, alertDraft, healthChart, mrrChart, usageChart,
                    hasUsage, surveys, tickets, activities, opportunities, override, overrideForm, dataKey);
        }

        @SuppressWarnings("unchecked")
        private static <T> AccountRecords.Listed<T> none() {
            return (AccountRecords.Listed<T>) NONE;
        }
    }
}
