package dev.bellwether.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.bellwether.metrics.calc.ChurnDrivers;
import dev.bellwether.metrics.calc.DriverSample;
import dev.bellwether.metrics.calc.WeightSearch;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantDeleted;

/**
 * The churn drivers of the current tenant and the suggested weights (docs/metrics.md, Churn
 * drivers). The drivers are stored by the recalculation; the suggestion is searched on the sample
 * stored with them, the first time someone asks after a recalculation wrote that sample, and kept
 * per tenant until one writes another: a run that leaves the sample as it was (an events feed's
 * round of the current month) keeps the suggestion too. It reads committed snapshots only and takes
 * no lock: a recalculation never waits for it, nor it for a recalculation.
 */
@ApplicationScoped
public class ChurnDriverService {

    /** Everything GET /api/v1/churn-drivers answers. */
    public record Answer(java.util.List<ChurnDrivers.Driver> measures, java.util.List<ChurnDrivers.Driver> components,
            ChurnDrivers.Driver health, WeightSearch.Suggestion suggestion) {
    }

    private record Cached(long sampleVersion, WeightSearch.Suggestion suggestion) {
    }

    @Inject
    Snapshots snapshots;

    private final Map<String, Cached> suggestions = new ConcurrentHashMap<>();
    /** One lock per tenant, so one search runs per tenant at a time. */
    private final Map<String, Object> searches = new ConcurrentHashMap<>();

    /** A deleted tenant's suggestion goes (its search lock too). */
    void forget(@Observes TenantDeleted deleted) {
        suggestions.remove(deleted.id());
        searches.remove(deleted.id());
    }

    /** The drivers and the suggestion; empty when the tenant has no figures yet. */
    public Optional<Answer> current() {
        Optional<ChurnDrivers.Report> report = snapshots.churnDrivers();
        if (report.isEmpty()) {
            return Optional.empty();
        }
        ChurnDrivers.Report r = report.get();
        return Optional.of(new Answer(r.measures(), r.components(), r.health(), suggestion().orElse(null)));
    }

    /**
     * The suggested weights of the stored sample. Requests of one tenant that arrive
     * while its search runs wait for that search instead of starting another.
     */
    public Optional<WeightSearch.Suggestion> suggestion() {
        String tenant = TenantContext.require();
        Optional<Long> version = snapshots.driverSampleVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Cached cached = suggestions.get(tenant);
        if (cached != null && cached.sampleVersion() == version.get()) {
            return Optional.of(cached.suggestion());
        }
        synchronized (searches.computeIfAbsent(tenant, t -> new Object())) {
            cached = suggestions.get(tenant);
            if (cached != null && cached.sampleVersion() == version.get()) {
                return Optional.of(cached.suggestion());
            }
            // the sample with its own version: one written since the version was read is cached as what it is
            Optional<Snapshots.VersionedSample> sample = snapshots.driverSample();
            if (sample.isEmpty()) {
                return Optional.empty();
            }
            WeightSearch.Suggestion suggestion = WeightSearch.suggest(DriverSample.decode(sample.get().sample()));
            suggestions.put(tenant, new Cached(sample.get().version(), suggestion));
            return Optional.of(suggestion);
        }
    }
}
