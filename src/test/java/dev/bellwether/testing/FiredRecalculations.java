package dev.bellwether.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.bellwether.platform.RecalculationRequested;

/** Every {@link RecalculationRequested} fired in the test JVM, to check what a change asked for. */
@ApplicationScoped
public class FiredRecalculations {

    private final List<RecalculationRequested> fired = new CopyOnWriteArrayList<>();

    void record(@Observes RecalculationRequested request) {
        fired.add(request);
    }

    /** The requests fired for {@code tenant} so far, oldest first. */
    public List<RecalculationRequested> of(String tenant) {
        return fired.stream().filter(r -> r.tenant().equals(tenant)).toList();
    }

    /** The latest request fired for {@code tenant}. */
    public RecalculationRequested latest(String tenant) {
        List<RecalculationRequested> requests = of(tenant);
        if (requests.isEmpty()) {
            throw new AssertionError("No recalculation was requested for " + tenant);
        }
        return requests.get(requests.size() - 1);
    }
}
