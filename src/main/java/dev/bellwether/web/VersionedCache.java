package dev.bellwether.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A value per slot, kept while its version is unchanged: pages built from snapshots are rebuilt
 * only when the data they were built from changed (a recalculation, an import, an alert action),
 * never after a time. The least recently used slots go beyond {@code capacity}. Slots must start
 * with the tenant, so one tenant's value can never answer another's request.
 */
public final class VersionedCache<V> {

    private record Entry<V>(String version, V value) {
    }

    private final Map<String, Entry<V>> entries;

    public VersionedCache(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The slot's value if it was built at {@code version}, else a newly built one (kept for next time). */
    public V get(String slot, String version, Supplier<V> build) {
        synchronized (entries) {
            Entry<V> entry = entries.get(slot);
            if (entry != null && entry.version().equals(version)) {
                return entry.value();
            }
        }
        V value = build.get();
        synchronized (entries) {
            entries.put(slot, new Entry<>(version, value));
        }
        return value;
    }
}
