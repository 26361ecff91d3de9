package dev.bellwether.workspace;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;

/**
 * The tenant's playbooks: defined by admins (every change audited with what changed), run by hand on
 * an account by csm and admin, and run by {@link PlaybookTrigger} when an alert of their rule opens.
 * Their outcomes say whether the play works ({@link Outcomes}).
 */
@ApplicationScoped
public class Playbooks {

    /** A playbook's results (docs/api.md). */
    public record Outcomes(long runs, long accounts, long tasksDone, long tasksOpen, long tasksOverdue,
            Double onTimePct, long decided, long stillPaying90d, long churned90d) {
    }

    /** Runs count as decided once they started this many days before the latest data day. */
    public static final int DECIDED_AFTER_DAYS = 90;

    @Inject
    PlaybookRepository playbooks;

    @Inject
    PlaybookRuns runs;

    @Inject
    WorkspaceAccounts accounts;

    @Inject
    Database database;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * Every playbook by name. Read with plain SQL, outside a transaction: the CSM page's bulk bar asks on
     * every view, and a Hibernate session with its transaction cost that page about a twentieth of its CPU.
     */
    public List<PlaybookDocument> list() {
        return database.query("""
                select key, name, trigger, enabled, steps::text as steps from playbook
                where tenant_id = ? order by name, key""",
                row -> new PlaybookDocument(row.string("key"), row.string("name"), row.string("trigger"),
                        row.bool("enabled"), read(row.string("steps"))),
                TenantContext.require());
    }

    @Transactional
    public Optional<PlaybookDocument> find(String key) {
        return key == null ? Optional.empty() : playbooks.findByIdOptional(key).map(this::document);
    }

    /** Creates the playbook; 422 naming the key when the tenant has one by that key already. */
    @Transactional
    public PlaybookDocument create(PlaybookDocument document) {
        lock(document.key());
        if (playbooks.findByIdOptional(document.key()).isPresent()) {
            throw new InvalidInput("key", "A playbook with the key " + document.key() + " exists already");
        }
        return save(document);
    }

    /** Creates or replaces the playbook; audited with what changed. Answers it as saved. */
    @Transactional
    public PlaybookDocument save(PlaybookDocument document) {
        return save(document, null);
    }

    /**
     * As {@link #save(PlaybookDocument)}, for a form opened on the playbook whose {@link PlaybookDocument#fingerprint}
     * is {@code openedOn} (null: any): {@link ChangedMeanwhile}, nothing saved, when it was saved since by someone
     * else. The form sends the whole playbook, so it would put back what they changed (switch a disabled one on).
     */
    @Transactional
    public PlaybookDocument save(PlaybookDocument document, String openedOn) {
        lock(document.key());
        Playbook playbook = playbooks.findByIdOptional(document.key()).orElse(null);
        PlaybookDocument before = playbook == null ? null : document(playbook);
        if (document.equals(before)) {
            return before;
        }
        if (openedOn != null && before != null && !openedOn.equals(before.fingerprint())) {
            throw new ChangedMeanwhile(playbook.updatedBy);
        }
        if (playbook == null) {
            playbook = new Playbook();
            playbook.key = document.key();
        }
        playbook.name = document.name();
        playbook.trigger = document.trigger();
        playbook.enabled = document.enabled();
        playbook.steps = write(document.steps());
        playbook.updatedAt = clock.instant();
        playbook.updatedBy = user.getUsername();
        playbooks.persist(playbook);
        playbooks.flush();
        List<AuditDiff.Change> changes = AuditDiff.between(json, before, document);
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.PLAYBOOK, document.key(),
                (before == null ? "Playbook created: " : "Playbook changed: ") + document.name(), changes));
        return document;
    }

    /** A form opened on a playbook saved since by {@code by}: nothing was saved. */
    public static final class ChangedMeanwhile extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ChangedMeanwhile(String by) {
            super((by == null ? "Someone" : by) + " saved this playbook after you opened it. Nothing was saved:"
                    + " open the playbook as it is now to see their version, then make your changes again (what you"
                    + " typed stays here until you leave).");
        }
    }

    /** Saves of one playbook take turns until the transaction ends: two creating it at once do not collide. */
    private void lock(String key) {
        TransactionLocks.hold(playbooks.getEntityManager(),
                "bellwether.playbook:" + TenantContext.require() + ":" + key);
    }

    /** Runs the playbook on the account by hand; 404 for either one the tenant does not have, 422 when disabled. */
    @Transactional
    public List<Tasks.TaskView> run(String accountId, String key) {
        WorkspaceAccounts.Ref account = accounts.require(accountId);
        PlaybookDocument playbook = find(key).orElseThrow(() -> new NotFoundException("No playbook " + key));
        if (!playbook.enabled()) {
            throw new InvalidInput("key", "The playbook \"" + playbook.name() + "\" is disabled; an admin can enable it"
                    + " on its page. Nothing was changed.");
        }
        String tenant = TenantContext.require();
        PlaybookRuns.Starter starter = new PlaybookRuns.Starter(user.getUsername(), user.getName());
        return database.with(connection -> runs.start(connection, tenant, playbook, account.accountId(),
                account.csmEmail(), null, starter).orElseThrow());
    }

    /**
     * The playbook's outcomes: its runs and the accounts they were on; its tasks done, open and overdue;
     * the share done on time (done by their due date, of those done or overdue); and of the runs started at
     * least 90 days before the latest data day (the last day of the reporting month), how many are on
     * accounts that still pay in the reporting month and how many on accounts that no longer do.
     */
    @Transactional
    public Outcomes outcomes(String key) {
        find(key).orElseThrow(() -> new NotFoundException("No playbook " + key));
        return database.one("""
                with r as (select id, account_id, started_on from playbook_run where playbook_key = ?),
                     t as (select t.* from task t join r on r.id = t.run_id),
                     latest as (select (reporting_month + interval '1 month' - interval '1 day')::date as d,
                                       reporting_month as m from tenant_snapshot),
                     decided as (select r.account_id from r, latest where r.started_on <= latest.d - ?)
                select (select count(*) from r) as runs,
                       (select count(distinct account_id) from r) as accounts,
                       (select count(*) from t where status = 'done') as done,
                       (select count(*) from t where status = 'open') as open,
                       (select count(*) from t where status = 'open' and due_date < ?) as overdue,
                       (select count(*) from t where status = 'done' and (done_at at time zone 'UTC')::date <= due_date)
                           as on_time,
                       (select count(*) from decided) as decided,
                       (select count(*) from decided, latest where exists (
                           select 1 from mrr where mrr.tenant_id = ? and mrr.account_id = decided.account_id
                             and mrr.month = latest.m and mrr.mrr > 0)) as paying""",
                row -> {
                    long done = row.longValue("done");
                    long overdue = row.longValue("overdue");
                    long decided = row.longValue("decided");
                    long paying = row.longValue("paying");
                    Double onTime = done + overdue == 0 ? null : row.longValue("on_time") * 100.0 / (done + overdue);
                    return new Outcomes(row.longValue("runs"), row.longValue("accounts"), done, row.longValue("open"),
                            overdue, onTime, decided, paying, decided - paying);
                }, key, DECIDED_AFTER_DAYS, Clocks.today(clock), TenantContext.require());
    }

    PlaybookDocument document(Playbook playbook) {
        return new PlaybookDocument(playbook.key, playbook.name, playbook.trigger, playbook.enabled,
                read(playbook.steps));
    }

    private String write(List<PlaybookDocument.Step> steps) {
        try {
            return json.writeValueAsString(steps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    List<PlaybookDocument.Step> read(String steps) {
        try {
            return json.readValue(steps, new TypeReference<List<PlaybookDocument.Step>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
