package dev.bellwether.metrics;

import java.time.YearMonth;
import java.util.Objects;
import java.util.Set;

/**
 * What a pending recalculation request is narrowed to: the first month whose inputs changed and the
 * accounts whose inputs changed. A request without one (null where it is held) asks for everything.
 * Requests that coalesce merge theirs with {@link #merge}: the earliest month, the union of the
 * accounts, and everything as soon as one of them asks for everything.
 */
public record Narrowing(YearMonth from, Set<String> accounts) {

    public Narrowing {
        Objects.requireNonNull(from);
        accounts = Set.copyOf(accounts);
    }

    /** Two requests' narrowings as one; null (everything) when either is null. */
    public static Narrowing merge(Narrowing one, Narrowing other) {
        if (one == null || other == null) {
            return null;
        }
        Set<String> union = new java.util.HashSet<>(one.accounts);
        union.addAll(other.accounts);
        return new Narrowing(one.from.isBefore(other.from) ? one.from : other.from, union);
    }
}
