package dev.bellwether.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.Formats;

/**
 * The targets of the executive tiles, per tenant; the defaults are the seeds' benchmarks (NRR 110,
 * GRR 95, NPS 50, % healthy 80, logo churn at most 2); ARR has none until an admin sets one.
 */
@ApplicationScoped
public class KpiTargets {

    /** A tile's metric, its target (null: none) and whether lower is better. */
    public record Target(MetricDefinition metric, Double target, boolean atMost, boolean custom) {

        /** Whether {@code value} meets the target; null when either is missing. */
        public Boolean met(Double value) {
            if (value == null || target == null) {
                return null;
            }
            return atMost ? value <= target : value >= target;
        }

        /** The target as the form shows it: blank for the default, else the number ("97.5"). */
        public String shown() {
            return custom && target != null ? plain(target) : "";
        }
    }

    /**
     * What a save did: how many targets changed or, when a target the admin changed had been changed by someone
     * else since the form was opened, those targets as they now are, and nothing written.
     */
    public record Saved(int changed, List<Target> meanwhile) {
    }

    /** The tiles, in the order the dashboard shows them, with their default targets. */
    static final Map<MetricDefinition, Double> DEFAULTS = new LinkedHashMap<>();
    static {
        DEFAULTS.put(MetricDefinition.NRR, 110.0);
        DEFAULTS.put(MetricDefinition.GRR, 95.0);
        DEFAULTS.put(MetricDefinition.LOGO_CHURN_RATE, 2.0);
        DEFAULTS.put(MetricDefinition.NPS, 50.0);
        DEFAULTS.put(MetricDefinition.PERCENT_HEALTHY, 80.0);
        DEFAULTS.put(MetricDefinition.ARR, null);
    }

    @Inject
    KpiTargetRepository repository;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Inject
    Database database;

    public static boolean atMost(MetricDefinition metric) {
        return metric == MetricDefinition.LOGO_CHURN_RATE;
    }

    /** The seeds' benchmark for {@code metric}; null when it has none. */
    public static Double defaultOf(MetricDefinition metric) {
        return DEFAULTS.get(metric);
    }

    public static List<MetricDefinition> metrics() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /**
     * The current tenant's targets, defaults filled in. Read with plain SQL, not through the entity:
     * the executive dashboard asks on every view, and a Hibernate query restricted by the tenant is
     * translated anew each time, inside a transaction of its own (measured with Flight Recorder: about
     * a third of that page's throughput; docs/benchmarks.md). Changes still go through the entity.
     */
    public List<Target> all() {
        Map<String, Double> custom = new LinkedHashMap<>();
        for (Map.Entry<String, Double> row : database.query("select metric, target from kpi_target where tenant_id = ?",
                row -> Map.entry(row.string("metric"), row.doubleValue("target")), TenantContext.require())) {
            custom.put(row.getKey(), row.getValue());
        }
        return of(custom);
    }

    /** The targets with {@code custom} (a metric's key to the tenant's own target) over the defaults. */
    static List<Target> of(Map<String, Double> custom) {
        return DEFAULTS.entrySet().stream().map(e -> new Target(e.getKey(),
                custom.containsKey(e.getKey().key()) ? custom.get(e.getKey().key()) : e.getValue(), atMost(e.getKey()),
                custom.containsKey(e.getKey().key()))).toList();
    }

    /** The range a target of {@code metric} may take, as [min, max]. */
    public static double[] bounds(MetricDefinition metric) {
        return switch (metric) {
            case NPS -> new double[] { -100, 100 };
            case NRR -> new double[] { 0, 1000 };
            case ARR -> new double[] { 0, 1e13 };
            default -> new double[] { 0, 100 };
        };
    }

    /** Why {@code target} is not a valid target of {@code metric}, or null when it is (null clears it). */
    public static String problem(MetricDefinition metric, Double target) {
        if (target == null) {
            return null;
        }
        double[] range = bounds(metric);
        if (target.isNaN() || target.isInfinite() || target < range[0] || target > range[1]) {
            return metric.label() + " target must be between " + grouped(range[0]) + " and " + grouped(range[1]);
        }
        return null;
    }

    /**
     * Sets (or, with null, clears back to the default) the current tenant's targets in one transaction, with an audit
     * entry per target that changed. A target whose form showed another value when opened ({@code opened}, as
     * {@link Target#shown}; a metric it leaves out is not checked) than the one now stored was changed meanwhile:
     * then nothing is written, and the save answers those targets.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Saved set(Map<MetricDefinition, Double> targets, Map<MetricDefinition, String> opened, String actor,
            String actorName) {
        // saves take turns: two admins setting a metric's first target at once do not collide on its key
        TransactionLocks.hold(repository.getEntityManager(), "bellwether.targets:" + TenantContext.require());
        Map<MetricDefinition, Target> before = new LinkedHashMap<>();
        for (Target target : all()) {
            before.put(target.metric(), target);
        }
        Map<MetricDefinition, Double> changes = new LinkedHashMap<>();
        List<Target> meanwhile = new ArrayList<>();
        for (Map.Entry<MetricDefinition, Double> entry : targets.entrySet()) {
            MetricDefinition metric = entry.getKey();
            // −0 is 0: records and Double.equals compare bit for bit, and "-0" over a stored 0 changed nothing
            Double target = entry.getValue() == null ? null : entry.getValue() + 0.0;
            Target was = before.get(metric);
            Double effective = target == null ? DEFAULTS.get(metric) : target;
            boolean sameCustom = was.custom() == (target != null);
            if (sameCustom && Objects.equals(was.target(), effective)) {
                continue; // already so, whoever set it
            }
            String shown = opened.get(metric);
            if (shown != null && !shown.strip().equals(was.shown())) {
                meanwhile.add(was);
            }
            changes.put(metric, target);
        }
        if (!meanwhile.isEmpty()) {
            return new Saved(0, meanwhile);
        }
        int changed = 0;
        for (Map.Entry<MetricDefinition, Double> entry : changes.entrySet()) {
            MetricDefinition metric = entry.getKey();
            Double target = entry.getValue();
            Target was = before.get(metric);
            Double effective = target == null ? DEFAULTS.get(metric) : target;
            write(metric, target, actor);
            changed++;
            audit.append(new AuditLog.Entry(actor, actorName, AuditKind.TARGET, metric.key(),
                    metric.label() + " target " + (target == null ? "reset to the default" : "set"),
                    List.of(new AuditDiff.Change("target", describe(was.target(), was.custom()),
                            describe(effective, target != null)))));
        }
        return new Saved(changed, List.of());
    }

    /** A target as the audit log says it: the default's words it when no custom one is set ("default (110)"). */
    private static String describe(Double value, boolean custom) {
        String said = value == null ? "none" : plain(value);
        return custom ? said : "default (" + said + ")";
    }

    /** A bound as a page says it: whole numbers grouped by thousands (10,000,000,000,000), others plain. */
    public static String grouped(double value) {
        return value == Math.rint(value) ? Formats.grouped((long) value) : plain(value);
    }

    /** 95.0 → "95", 97.5 → "97.5", 1e13 → "10000000000000". */
    public static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private void write(MetricDefinition metric, Double target, String user) {
        if (target == null) {
            repository.deleteById(metric.key());
            return;
        }
        KpiTarget row = repository.findByIdOptional(metric.key()).orElseGet(KpiTarget::new);
        row.metric = metric.key();
        row.target = target;
        row.updatedAt = clock.instant();
        row.updatedBy = user;
        repository.persistAndFlush(row);
    }
}
