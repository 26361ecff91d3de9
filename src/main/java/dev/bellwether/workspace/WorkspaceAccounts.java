package dev.bellwether.workspace;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import dev.bellwether.platform.sql.Database;

/**
 * The accounts the workspace hangs notes, tasks and playbook runs on. Row-level security keeps the
 * reads in the tenant: another tenant's account is not found, exactly like one that does not exist.
 */
@ApplicationScoped
public class WorkspaceAccounts {

    /** An account: its id, name and CSM (null when it has none). */
    public record Ref(String accountId, String name, String csmEmail) {
    }

    @Inject
    Database database;

    public Optional<Ref> find(String accountId) {
        if (accountId == null || accountId.isEmpty() || accountId.length() > 128) {
            return Optional.empty();
        }
        return database.first("select account_id, name, csm_email from account where account_id = ?",
                row -> new Ref(row.string("account_id"), row.string("name"), row.string("csm_email")), accountId);
    }

    /** The account, or 404. */
    public Ref require(String accountId) {
        return find(accountId).orElseThrow(() -> new NotFoundException("No account " + accountId));
    }

    /** The tenant's CSMs (the accounts' csm_email), for the assignee choices of the pages. */
    public List<String> csmEmails() {
        return database.query("select distinct lower(csm_email) as email from account where csm_email is not null"
                + " order by 1 limit 500", row -> row.string("email"));
    }
}
