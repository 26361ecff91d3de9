package dev.bellwether.dashboard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.bellwether.account.AccountRepository;
import dev.bellwether.alerts.AlertBook;
import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.tenant.CurrentUser;

/**
 * What the CSM page's bulk bar does to the selected accounts, each action all or nothing: an
 * unknown account (or another tenant's, which reads the same) refuses the whole action. Today:
 * acknowledge their open alerts. Tasks and playbooks add their own actions beside this one.
 */
@ApplicationScoped
public class BulkActions {

    /** Accounts one action may name (the page ticks at most one page of the list, 25; the cap is the server's). */
    static final int MAX_ACCOUNTS = 100;

    /** What an acknowledgement did: alerts acknowledged, over how many accounts. */
    public record Acknowledged(int alerts, int accounts, int selected) {

        public String sentence() {
            if (alerts == 0) {
                // "open" on the page counts every alert not resolved: these are acknowledged or snoozed already
                return "Nothing to acknowledge: no alert of the " + plural(selected, "selected account")
                        + " is waiting for an acknowledgement (acknowledged, snoozed and resolved ones stay as they"
                        + " are).";
            }
            return "Acknowledged " + plural(alerts, "alert") + " on " + plural(accounts, "account") + ".";
        }

        private static String plural(int n, String word) {
            return n + " " + word + (n == 1 ? "" : "s");
        }
    }

    @Inject
    AccountRepository accounts;

    @Inject
    AlertBook alerts;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    /** The distinct ids of a selection, checked: at least one, at most {@link #MAX_ACCOUNTS}, each an account. */
    public Set<String> selection(List<String> ids) {
        Set<String> selected = new LinkedHashSet<>();
        if (ids != null) {
            ids.stream().filter(id -> id != null && !id.isBlank()).map(String::strip).forEach(selected::add);
        }
        if (selected.isEmpty()) {
            throw new InvalidInput("account", "Select at least one account.");
        }
        if (selected.size() > MAX_ACCOUNTS) {
            throw new InvalidInput("account", "Select at most " + MAX_ACCOUNTS + " accounts at a time.");
        }
        long known = accounts.count("accountId in ?1", selected);
        if (known != selected.size()) {
            List<String> found = accounts.list("accountId in ?1", selected).stream().map(a -> a.accountId).toList();
            String unknown = selected.stream().filter(id -> !found.contains(id)).findFirst().orElse("?");
            throw new InvalidInput("account", "There is no account " + unknown + "; nothing was changed.");
        }
        return selected;
    }

    /** Acknowledges every open alert of the selected accounts, with one audit entry per account changed. */
    @Transactional
    public Acknowledged acknowledge(List<String> ids) {
        Set<String> selected = selection(ids);
        Map<String, List<String>> done = alerts.acknowledgeOpenOf(selected, user.getUsername());
        int count = 0;
        for (Map.Entry<String, List<String>> account : done.entrySet()) {
            count += account.getValue().size();
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.ALERT, account.getKey(),
                    "Acknowledged " + String.join(", ", account.getValue()) + " (bulk action on the CSM page)",
                    List.of(new AuditDiff.Change("status", "open", "acknowledged"))));
        }
        return new Acknowledged(count, done.size(), selected.size());
    }
}
