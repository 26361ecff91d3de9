package dev.bellwether.workspace;

import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.bellwether.alerts.AlertsOpened;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.platform.sql.Sql;

/**
 * When alerts open, runs the enabled playbooks whose trigger is their rule: the steps become tasks for
 * the account's CSM, written through the recalculation's own connection, so they commit with the
 * alerts. An alert opens (and is announced) once; the run's unique key makes even a repeated
 * announcement write nothing. A failure here is logged and undone alone (a savepoint): it never costs
 * the tenant its new figures.
 */
@ApplicationScoped
public class PlaybookTrigger {

    private static final Logger LOG = Logger.getLogger(PlaybookTrigger.class);

    @Inject
    PlaybookRuns runs;

    @Inject
    Playbooks playbooks;

    void onAlertsOpened(@Observes AlertsOpened opened) {
        Connection connection = opened.connection();
        Sql.execute(connection, "savepoint playbook_trigger");
        try {
            run(connection, opened);
            Sql.execute(connection, "release savepoint playbook_trigger");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Playbooks of tenant %s could not run for %d new alerts", opened.tenant(),
                    opened.alerts().size());
            Sql.execute(connection, "rollback to savepoint playbook_trigger");
        }
    }

    private void run(Connection connection, AlertsOpened opened) {
        String[] rules = opened.alerts().stream().map(a -> a.rule().key()).distinct().toArray(String[]::new);
        List<PlaybookDocument> triggered = Sql.query(connection, """
                select key, name, trigger, enabled, steps::text as steps from playbook
                where tenant_id = ? and enabled and trigger = any(?) order by key""",
                row -> new PlaybookDocument(row.string("key"), row.string("name"), row.string("trigger"),
                        row.bool("enabled"), playbooks.read(row.string("steps"))),
                opened.tenant(), rules);
        if (triggered.isEmpty()) {
            return;
        }
        String[] accountIds = opened.alerts().stream().map(AlertsOpened.Opened::accountId).distinct()
                .toArray(String[]::new);
        Map<String, String> csms = new HashMap<>();
        Sql.query(connection, "select account_id, csm_email from account where tenant_id = ? and account_id = any(?)",
                row -> csms.put(row.string("account_id"), MetricsEngine.csmOf(row.string("csm_email"))),
                opened.tenant(), accountIds);
        for (AlertsOpened.Opened alert : opened.alerts()) {
            for (PlaybookDocument playbook : triggered) {
                if (playbook.trigger().equals(alert.rule().key())) {
                    runs.start(connection, opened.tenant(), playbook, alert.accountId(), csms.get(alert.accountId()),
                            alert.id(), PlaybookRuns.Starter.SYSTEM);
                }
            }
        }
    }
}
