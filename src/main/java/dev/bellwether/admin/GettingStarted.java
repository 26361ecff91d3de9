package dev.bellwether.admin;

import java.util.List;
import java.util.Set;

/**
 * The administrator's first steps, each done or not: the accounts, their MRR, the rest of the data,
 * then the health model and the targets. {@code /admin} shows them until the data steps are done.
 */
public record GettingStarted(List<Step> steps) {

    /** One step: what to do, why, where, whether it is done, and a template to start from (null: none). */
    public record Step(String title, String why, String href, String action, boolean done, String template) {
    }

    /** The data kinds other than accounts and MRR: any of them feeds the health score. */
    static final List<String> ACTIVITY = List.of("usage", "surveys", "tickets", "activities", "opportunities");

    static GettingStarted of(Set<String> imported, boolean modelSaved, boolean targetsSet) {
        List<String> missing = ACTIVITY.stream().filter(k -> !imported.contains(k)).toList();
        return new GettingStarted(List.of(
                new Step("Upload your accounts", "accounts.csv lists every customer account; the other files name "
                        + "accounts by their account_id, so it comes first (or in the same upload).", "/admin/imports",
                        "Upload accounts.csv", imported.contains("accounts"), "accounts.csv"),
                new Step("Upload their MRR", "mrr.csv gives each account's recurring revenue per month: NRR, GRR, "
                        + "churn and the MRR movements come from it.", "/admin/imports", "Upload mrr.csv",
                        imported.contains("mrr"), "mrr.csv"),
                new Step("Upload usage, surveys, tickets, activities and opportunities",
                        missing.isEmpty() ? "The health score's measures come from them." : "The health score's "
                                + "measures come from them; not yet uploaded: " + String.join(", ", missing) + ".",
                        "/admin/imports", "Upload the other files", missing.size() < ACTIVITY.size(), null),
                new Step("Review the health model", "Check the weights and bounds against your book with the preview "
                        + "and backtest, and save your own version.", "/admin/health-model", "Open the health model",
                        modelSaved, null),
                new Step("Set your targets", "The executive dashboard's tiles are measured against them.",
                        "/admin/targets", "Set targets", targetsSet, null)));
    }

    /** Whether the data steps (the first three) are all done, so the checklist is no longer shown. */
    public boolean dataDone() {
        return steps.subList(0, 3).stream().allMatch(Step::done);
    }

    /** How many steps are done. */
    public long doneCount() {
        return steps.stream().filter(Step::done).count();
    }
}
