package dev.bellwether.account;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.alerts.AlertActions;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.health.HealthModels;
import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.web.ChartData;
import dev.bellwether.web.CsvExport;
import dev.bellwether.web.Formats;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /accounts/{id}}: one account, everything about it. Its health and why (every component
 * and measure with value, bounds and points), its health and MRR history with model changes
 * marked, weekly usage, survey answers, tickets, activities, opportunities and alerts. Every role
 * may read it; csm and admin act on its alerts.
 */
@Path("/accounts/{accountId}")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

    /** Weeks of usage the chart shows, ending at the reporting month's end. */
    static final int USAGE_WEEKS = 26;

    /** What the page shows. */
    public record View(AccountBook.Full account, AccountDetail detail, Integer daysToRenewal, String healthChart,
            String mrrChart, String usageChart, boolean hasUsage, List<AlertBook.Alert> alerts, boolean canAct,
            String flash, AccountRecords.Listed<AccountRecords.Survey> surveys,
            AccountRecords.Listed<AccountRecords.Ticket> tickets, AccountRecords.Listed<AccountRecords.Activity> activities,
            AccountRecords.Listed<AccountRecords.Opportunity> opportunities, List<HealthModelStore.Versioned> versions,
            Optional<HealthOverrides.Override> override, OverrideForm overrideForm) {

        public AccountBook.Line line() {
            return account.line();
        }

        public int modelVersion() {
            return detail == null ? 0 : detail.modelVersion();
        }

        /** Where an alert's action form posts. */
        public String alertUrl(long alertId) {
            return "/accounts/" + Formats.urlPath(account.line().accountId()) + "/alerts/" + alertId;
        }
    }

    /** The override form: whether the user may use it, what they typed and what is wrong with it. */
    public record OverrideForm(boolean allowed, List<String> problems, String band, String reason, String expiresOn,
            String min, String max) {

        static OverrideForm blank(boolean allowed, LocalDate today) {
            return new OverrideForm(allowed, List.of(), null, "", today.plusDays(30).toString(), today.plusDays(1).toString(),
                    today.plusDays(HealthOverrides.MAX_DAYS).toString());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);

        static native TemplateInstance page$alerts(View view);
    }

    @Inject
    AccountBook book;

    @Inject
    AccountRecords records;

    @Inject
    AlertBook alerts;

    @Inject
    AlertActions actions;

    @Inject
    HealthModels models;

    @Inject
    ChartData charts;

    @Inject
    CurrentUser user;

    @Inject
    HealthOverrides overrides;

    /** Another tenant's id answers 404 exactly like an id that does not exist. */
    @GET
    public TemplateInstance page(@PathParam("accountId") String accountId) {
        return Templates.page(view(accountId, null, true));
    }

    @GET
    @Path("/alerts")
    public TemplateInstance alertsPanel(@PathParam("accountId") String accountId) {
        return Templates.page$alerts(view(accountId, null, false));
    }

    @POST
    @Path("/alerts/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ "admin", "csm" })
    public Response act(@PathParam("accountId") String accountId, @PathParam("id") long id, @FormParam("action") String action,
            @FormParam("note") String note, @FormParam("until") String until) {
        if (alerts.find(id).filter(a -> a.accountId().equals(accountId)).isEmpty()) {
            throw new NotFoundException();
        }
        String flash = actions.apply(id, action, note, until);
        return Response.ok(Templates.page$alerts(view(accountId, flash, false))).header("HX-Trigger", "alertsChanged").build();
    }

    /** One of the page's lists as CSV: surveys, tickets, activities or opportunities, every row. */
    @GET
    @Path("/{list:surveys|tickets|activities|opportunities}.csv")
    @Produces("text/csv")
    public Response export(@PathParam("accountId") String accountId, @PathParam("list") String list) {
        book.find(accountId).orElseThrow(NotFoundException::new);
        String file = accountId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + list + ".csv";
        return CsvExport.attachment(file, csv -> {
            switch (list) {
                case "surveys" -> {
                    csv.writeRecord("responded_at", "type", "score", "comment");
                    for (AccountRecords.Survey s : records.surveys(accountId, Integer.MAX_VALUE).rows()) {
                        csv.writeRecord(s.respondedAt().toString(), s.type(), Integer.toString(s.score()), CsvExport.safe(s.comment()));
                    }
                }
                case "tickets" -> {
                    csv.writeRecord("ticket_id", "opened_at", "first_response_at", "resolved_at", "priority",
                            "resolved_on_first_contact");
                    for (AccountRecords.Ticket t : records.tickets(accountId, Integer.MAX_VALUE).rows()) {
                        csv.writeRecord(CsvExport.safe(t.ticketId()), text(t.openedAt()), text(t.firstResponseAt()),
                                text(t.resolvedAt()), CsvExport.safe(t.priority()), text(t.resolvedOnFirstContact()));
                    }
                }
                case "activities" -> {
                    csv.writeRecord("occurred_at", "type", "csm_email");
                    for (AccountRecords.Activity a : records.activities(accountId, Integer.MAX_VALUE).rows()) {
                        csv.writeRecord(a.occurredAt().toString(), a.type(), CsvExport.safe(a.csmEmail()));
                    }
                }
                default -> {
                    csv.writeRecord("opportunity_id", "type", "amount", "stage", "close_date");
                    for (AccountRecords.Opportunity o : records.opportunities(accountId, Integer.MAX_VALUE).rows()) {
                        csv.writeRecord(CsvExport.safe(o.opportunityId()), o.type(), Double.toString(o.amount()), o.stage(),
                                text(o.closeDate()));
                    }
                }
            }
        });
    }

    /** Sets or removes the account's manual band (its CSM or an admin); 422 with the form's problems. */
    @POST
    @Path("/override")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ "admin", "csm" })
    public Response override(@PathParam("accountId") String accountId, @FormParam("action") String action,
            @FormParam("band") String band, @FormParam("reason") String reason, @FormParam("expiresOn") String expiresOn) {
        AccountBook.Full account = book.find(accountId).orElseThrow(NotFoundException::new);
        if (!overrides.mayOverride(account.line())) {
            throw new jakarta.ws.rs.ForbiddenException("Only the account's CSM or an admin may override its band");
        }
        if ("clear".equals(action)) {
            overrides.clear(accountId);
        } else {
            LocalDate expires = null;
            try {
                expires = expiresOn == null || expiresOn.isBlank() ? null : LocalDate.parse(expiresOn.trim());
            } catch (java.time.format.DateTimeParseException e) {
                expires = null;
            }
            List<String> problems = overrides.problems(band, reason, expires);
            if (!problems.isEmpty()) {
                OverrideForm form = OverrideForm.blank(true, overrides.today());
                form = new OverrideForm(true, problems, band, reason == null ? "" : reason, expiresOn, form.min(), form.max());
                return Response.status(422).entity(Templates.page(view(accountId, null, true, form))).build();
            }
            overrides.set(accountId, band, reason, expires);
        }
        return Response.seeOther(java.net.URI.create("/accounts/" + Formats.urlPath(accountId) + "#override")).build();
    }

    private View view(String accountId, String flash, boolean everything) {
        return view(accountId, flash, everything, null);
    }

    private View view(String accountId, String flash, boolean everything, OverrideForm typed) {
        AccountBook.Full account = book.find(accountId).orElseThrow(NotFoundException::new);
        List<AlertBook.Alert> open = alerts.list(new AlertBook.Filter("all", accountId, null, null)).stream()
                .filter(a -> !a.resolved() || a.resolvedAt() != null
                        && a.resolvedAt().isAfter(java.time.Instant.now().minusSeconds(90L * 24 * 3600)))
                .toList();
        boolean canAct = user.getRoles().contains(CurrentUser.CSM) || user.getRoles().contains(CurrentUser.ADMIN);
        if (!everything) {
            return new View(account, account.detail(), null, null, null, null, false, open, canAct, flash, null, null, null,
                    null, List.of(), Optional.empty(), OverrideForm.blank(false, overrides.today()));
        }
        LocalDate asOf = account.month() == null ? LocalDate.now(ZoneOffset.UTC) : account.month().atEndOfMonth();
        List<AccountBook.HistoryPoint> history = book.history(accountId);
        List<HealthModelStore.Versioned> versions = models.versions();
        List<AccountRecords.UsageWeek> usage = records.usageByWeek(accountId, asOf, USAGE_WEEKS);
        LocalDate renewal = account.line().renewalDate();
        Integer days = renewal == null ? null
                : (int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.now(ZoneOffset.UTC), renewal);
        return new View(account, account.detail(), days, charts.of(healthChart(history, versions)),
                charts.of(mrrChart(history)), charts.of(usageChart(usage)), !usage.isEmpty(), open, canAct, flash,
                records.surveys(accountId, AccountRecords.SHOWN), records.tickets(accountId, AccountRecords.SHOWN),
                records.activities(accountId, AccountRecords.SHOWN), records.opportunities(accountId, AccountRecords.SHOWN),
                versions, overrides.find(accountId),
                typed != null ? typed : OverrideForm.blank(overrides.mayOverride(account.line()), overrides.today()));
    }

    /**
     * The recomputed health history with a marker where each saved model version took effect: the
     * month it was saved in, or the last month shown when it was saved after the data ends.
     */
    static Map<String, Object> healthChart(List<AccountBook.HistoryPoint> history, List<HealthModelStore.Versioned> versions) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "history");
        List<String> labels = history.stream().map(h -> h.month().toString()).toList();
        chart.put("labels", labels);
        chart.put("values", history.stream().map(h -> h.health() == null ? null : Math.round(h.health() * 10) / 10.0).toList());
        HealthModelStore.Versioned current = versions.isEmpty() ? null : versions.get(0);
        chart.put("healthy", current == null ? 70 : current.model().bands().healthy());
        chart.put("atRisk", current == null ? 40 : current.model().bands().atRisk());
        Map<String, List<Integer>> byMonth = new TreeMap<>();
        if (!labels.isEmpty()) {
            YearMonth first = history.get(0).month();
            YearMonth last = history.get(history.size() - 1).month();
            for (HealthModelStore.Versioned v : versions) {
                if (v.createdAt() == null) {
                    continue;
                }
                YearMonth saved = YearMonth.from(v.createdAt().atZone(ZoneOffset.UTC));
                if (saved.isBefore(first)) {
                    continue;
                }
                YearMonth at = saved.isAfter(last) ? last : saved;
                byMonth.computeIfAbsent(at.toString(), k -> new ArrayList<>()).add(v.version());
            }
        }
        List<Map<String, Object>> markers = new ArrayList<>();
        byMonth.forEach((month, numbers) -> markers.add(Map.of("month", month, "label",
                "model v" + numbers.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", v" + b).orElse(""))));
        chart.put("markers", markers);
        return chart;
    }

    private static Map<String, Object> mrrChart(List<AccountBook.HistoryPoint> history) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "lines");
        chart.put("unit", "money");
        chart.put("labels", history.stream().map(h -> h.month().toString()).toList());
        chart.put("series", List.of(Map.of("name", "MRR", "values", history.stream().map(AccountBook.HistoryPoint::mrr).toList(),
                "area", true)));
        return chart;
    }

    private static Map<String, Object> usageChart(List<AccountRecords.UsageWeek> usage) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "lines");
        chart.put("unit", "events");
        chart.put("secondUnit", "users");
        chart.put("labels", usage.stream().map(u -> u.week().toString()).toList());
        chart.put("series", List.of(
                Map.of("name", "Events", "kind", "bar", "values", usage.stream().map(AccountRecords.UsageWeek::events).toList()),
                Map.of("name", "Active users", "axis", 1, "values",
                        usage.stream().map(AccountRecords.UsageWeek::activeUsers).toList())));
        return chart;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
