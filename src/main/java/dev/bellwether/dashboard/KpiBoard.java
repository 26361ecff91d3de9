package dev.bellwether.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;

/**
 * The executive page's targets and KPI owners, read in one statement: the page wants both on every
 * view, and each statement is a round trip to PostgreSQL while other work may be keeping it busy
 * (docs/benchmarks.md, "pages during heavy work"). It names the tenant by the connection's ({@code app_tenant()}),
 * not by a parameter, so PostgreSQL keeps its plan on the connection rather than planning it on every view
 * (plan_cache_mode, docs/architecture.md section 4). The admin pages read them apart, through
 * {@link KpiTargets#all} and {@link KpiOwners#all}, which build the same values.
 */
@ApplicationScoped
public class KpiBoard {

    /** The tiles' targets, defaults filled in, and every KPI's ownership as of the day read. */
    public record Board(List<KpiTargets.Target> targets, List<KpiOwners.Ownership> owners) {
    }

    /** One row of either table: a target when {@code owner} is null. */
    private record Stored(String metric, Double target, KpiOwner owner) {
    }

    @Inject
    Database database;

    /** The current tenant's targets and ownerships as of {@code today}. */
    public Board read(LocalDate today) {
        Map<String, Double> targets = new LinkedHashMap<>();
        List<KpiOwner> owners = new ArrayList<>();
        TenantContext.require(); // the statement reads the connection's tenant: there must be one
        for (Stored row : database.query("""
                select true as is_target, metric, target, null as owner_email, null as cadence,
                       null::date as reviewed_on, null::date as owner_since, null::timestamptz as updated_at
                from kpi_target where tenant_id = app_tenant()
                union all
                select false, metric, null, owner_email, cadence, reviewed_on, owner_since, updated_at
                from kpi_owner where tenant_id = app_tenant()""",
                row -> row.bool("is_target") ? new Stored(row.string("metric"), row.doubleValue("target"), null)
                        : new Stored(row.string("metric"), null, KpiOwners.row(row)))) {
            if (row.owner() == null) {
                targets.put(row.metric(), row.target());
            } else {
                owners.add(row.owner());
            }
        }
        return new Board(KpiTargets.of(targets), KpiOwners.of(owners, today));
    }
}
