package dev.bellwether.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.qute.TemplateExtension;

/**
 * Every URL a page links to or posts to, built in one place: path segments and query values are
 * URL-encoded here, so neither resources nor templates concatenate URLs. Templates call these as
 * {@code {link:account(a.accountId)}}.
 */
@TemplateExtension(namespace = "link")
public final class Links {

    private Links() {
    }

    /** {@code /accounts/{id}}: an account's page. */
    public static String account(String accountId) {
        return "/accounts/" + segment(accountId);
    }

    /** The account page's alerts panel (GET) or one alert's action (POST with {@link #accountAlert}). */
    public static String accountAlerts(String accountId) {
        return account(accountId) + "/alerts";
    }

    public static String accountAlert(String accountId, long alertId) {
        return accountAlerts(accountId) + "/" + alertId;
    }

    /** Where the account's override form posts. */
    public static String accountOverride(String accountId) {
        return account(accountId) + "/override";
    }

    /** The override panel of the account page (where a saved override lands). */
    public static String accountOverridePanel(String accountId) {
        return account(accountId) + "#override";
    }

    /** One of the account page's lists as CSV: surveys, tickets, activities or opportunities. */
    public static String accountExport(String accountId, String list) {
        return account(accountId) + "/" + segment(list) + ".csv";
    }

    /** The account page's timeline panel, of the kinds asked for (null: all) and page. */
    public static String accountTimeline(String accountId, String kinds, int page) {
        return account(accountId) + "/workspace/timeline"
                + query("kind", kinds, "page", page > 1 ? Integer.toString(page) : null);
    }

    /** Where the account page's note form posts. */
    public static String accountNotes(String accountId) {
        return account(accountId) + "/workspace/notes";
    }

    /** The account page's tasks panel (GET), where its new-task form posts (POST). */
    public static String accountTasks(String accountId) {
        return account(accountId) + "/workspace/tasks";
    }

    /** Where the account page's run-a-playbook form posts. */
    public static String accountPlaybookRuns(String accountId) {
        return account(accountId) + "/workspace/playbook-runs";
    }

    /** Where a task's complete, reassign and reschedule forms post; {@code from} is the panel to answer. */
    public static String task(java.util.UUID taskId, String from) {
        return "/tasks/" + taskId + query("from", from);
    }

    /** The signed-in user's tasks: the page, its panel on the CSM page and its tile. */
    public static String myTasks() {
        return "/tasks";
    }

    public static String myTasksPanel() {
        return "/tasks/panel";
    }

    public static String myTasksTile() {
        return "/tasks/tile";
    }

    /** The playbooks (admin defines them; everyone reads them and their outcomes). */
    public static String playbooks() {
        return "/admin/playbooks";
    }

    public static String playbook(String key) {
        return "/admin/playbooks/" + segment(key);
    }

    /** The CSM page with its query ({@code name, value, …}; null and empty values left out). */
    public static String csm(Map<String, String> query) {
        return "/csm" + query(query);
    }

    /** The CSM page's list as CSV, with its query. */
    public static String csmExport(Map<String, String> query) {
        return "/csm/accounts.csv" + query(query);
    }

    /** The CSM page with its query as name–value pairs in order; a name may repeat ({@code band=…&band=…}). */
    public static String csm(List<Map.Entry<String, String>> query) {
        return "/csm" + query(query);
    }

    /** The CSM page's list as CSV, with its query (pairs, a name may repeat). */
    public static String csmExport(List<Map.Entry<String, String>> query) {
        return "/csm/accounts.csv" + query(query);
    }

    /** The CSM page's alerts panel following the list's filters (pairs, a name may repeat). */
    public static String csmAlertsOf(List<Map.Entry<String, String>> query) {
        return "/csm/alerts" + query(query);
    }

    /** Acknowledges the open alerts of the selected accounts of the CSM page (POST). */
    public static String csmBulkAcknowledge() {
        return "/csm/bulk/acknowledge";
    }

    /** Creates a task on each selected account of the CSM page (POST). */
    public static String csmBulkTasks() {
        return "/csm/bulk/tasks";
    }

    /** Runs a playbook on each selected account of the CSM page (POST). */
    public static String csmBulkPlaybooks() {
        return "/csm/bulk/playbooks";
    }

    /** The CSM page's saved views: the menu (GET) and saving the current filters (POST). */
    public static String csmSavedViews() {
        return "/csm/views";
    }

    /** One saved view: {@code /delete} or {@code /share} after it (POST). */
    public static String csmSavedView(UUID id, String action) {
        return csmSavedViews() + "/" + id + "/" + segment(action);
    }

    /** The quick jump's search of accounts by name or id. */
    public static String quickJump(String q) {
        return "/jump" + query("q", q);
    }

    /** Where an alert's action form on the CSM page posts. */
    public static String csmAlert(long alertId) {
        return "/csm/alerts/" + alertId;
    }

    /** The CSM page's alerts panel of {@code scope} (mine or all). */
    public static String csmAlerts(String scope) {
        return "/csm/alerts" + query("scope", scope);
    }

    /** The CSM page's alerts panel with every alert, not just the most pressing. */
    public static String csmAllAlerts(String scope) {
        return csmAlerts(scope) + "&all=true";
    }

    /** The CSM page's tiles of a list's query (which tile is current follows the filters). */
    public static String csmTiles(List<Map.Entry<String, String>> query) {
        return "/csm/tiles" + query(query);
    }

    /** The executive dashboard of {@code month}. */
    public static String executive(YearMonth month) {
        return "/executive" + (month == null ? "" : "?month=" + value(month.toString()));
    }

    /** The executive dashboard of {@code month} with its breakdown by {@code by} and its cohort view. */
    public static String executive(YearMonth month, String by, String cohorts) {
        return "/executive" + query("month", month == null ? null : month.toString(), "by", by, "cohorts", cohorts);
    }

    /** The executive dashboard's breakdown table alone (an htmx fragment). */
    public static String executiveSlices(YearMonth month, String by, String cohorts) {
        return "/executive/breakdown" + query("month", month == null ? null : month.toString(), "by", by, "cohorts",
                cohorts);
    }

    /** The executive dashboard's cohort heatmap alone, in one of its views (an htmx fragment). */
    public static String executiveCohorts(YearMonth month, String by, String cohorts) {
        return "/executive/cohorts" + query("month", month == null ? null : month.toString(), "by", by, "cohorts",
                cohorts);
    }

    /** Every account of one cohort: those whose first month with MRR is {@code cohort}. */
    public static String csmCohort(String cohort) {
        return "/csm" + query("scope", "all", "cohort", cohort);
    }

    /** Every account with an open alert (the CSM page's "Open alerts" tile). */
    public static String csmOpenAlerts() {
        return csmAll("alerts", "open");
    }

    /** Every account narrowed by {@code name, value, …} pairs (an executive tile's drill-down). */
    public static String csmAll(String... pairs) {
        String[] all = new String[pairs.length + 2];
        all[0] = "scope";
        all[1] = "all";
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return "/csm" + query(all);
    }

    /** Every account of one slice of a breakdown ({@code by} industry, plan, …; {@code key} its value). */
    public static String csmSlice(String by, String key, YearMonth month) {
        return csm(Map.of("scope", "all")) + "&by=" + value(by) + "&key=" + value(key)
                + ("tenure".equals(by) && month != null ? "&at=" + value(month.toString()) : "");
    }

    /** The segment or CSM table ({@code by}) of {@code month} as CSV. */
    public static String executiveBreakdown(YearMonth month, String by) {
        return "/executive/breakdown.csv?month=" + value(month.toString()) + "&by=" + value(by);
    }

    /** The audit log, of one kind when {@code kind} is not null. */
    public static String audit(String kind) {
        return "/admin/audit" + query("kind", kind);
    }

    /** A page of the audit log, of one kind when {@code kind} is not null. */
    public static String auditPage(String kind, int page) {
        return "/admin/audit" + query("kind", kind, "page", Integer.toString(page));
    }

    /** A page of the data-coverage table. */
    public static String coverage(int page) {
        return "/admin/coverage?page=" + page;
    }

    /** The health-model editor after saving {@code version}. */
    public static String healthModelSaved(int version) {
        return "/admin/health-model?saved=" + version;
    }

    /** The alert rules after saving them as health-model {@code version}. */
    public static String alertRulesSaved(int version) {
        return "/admin/alerts?saved=" + version;
    }

    /** A page of the platform log: one tenant's actions when {@code tenant} is not null, older than {@code before}. */
    public static String platformLog(String tenant, Long before) {
        return "/operator/actions" + query("tenant", tenant, "before", before == null ? null : before.toString());
    }

    /** An import's details. */
    public static String importDetail(UUID id) {
        return "/admin/imports/" + id;
    }

    /** The problems of an import as CSV. */
    public static String importProblems(UUID id) {
        return importDetail(id) + "/problems.csv";
    }

    /** The state of the recalculation an import asked for. */
    public static String importRecalculation(UUID id) {
        return importDetail(id) + "/recalculation";
    }

    /** The template of an import kind: its header and an example row. */
    public static String importTemplate(String fileName) {
        return "/admin/imports/templates/" + segment(fileName);
    }

    /** A value as one path segment of a URL: "ACME 01/x" → "ACME%2001%2Fx". */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value in a URL's query. */
    public static String value(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code ?name=value&…} of the entries whose value is neither null nor empty, in the map's order; "" when none. */
    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() != null && !parameter.getValue().isEmpty()) {
                query.append(query.isEmpty() ? '?' : '&').append(parameter.getKey()).append('=')
                        .append(value(parameter.getValue()));
            }
        }
        return query.toString();
    }

    /** {@code ?name=value&…} of the pairs whose value is neither null nor empty, in order; "" when none. */
    static String query(List<Map.Entry<String, String>> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters) {
            if (parameter.getValue() != null && !parameter.getValue().isEmpty()) {
                query.append(query.isEmpty() ? '?' : '&').append(parameter.getKey()).append('=')
                        .append(value(parameter.getValue()));
            }
        }
        return query.toString();
    }

    /** The query of {@code name, value, …} pairs (null values left out). */
    static String query(String... pairs) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            parameters.put(pairs[i], pairs[i + 1]);
        }
        return query(parameters);
    }
}
