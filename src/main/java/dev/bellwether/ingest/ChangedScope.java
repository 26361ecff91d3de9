package dev.bellwether.ingest;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.sql.Sql;

/**
 * What an import changed, gathered kind by kind, to narrow the recalculation it asks for: the
 * earliest date of any written row (old or new values) and the accounts those rows belong (or
 * belonged) to. A kind whose rows count in every month (an account's attributes, an open
 * expansion's pipeline) marks its accounts as changed from the tenant's first month; a first load
 * of a kind changes everything. Nothing added means nothing changed: no recalculation at all. The
 * feeds' coalescing job gathers its rounds the same way.
 */
public final class ChangedScope {

    private boolean everything;
    private boolean fromFirstMonth;
    private LocalDate earliest;
    private final Set<String> accounts = new HashSet<>();

    /** Every month of every account (a first load: the narrowing would name them all anyway). */
    public void everything() {
        everything = true;
    }

    /** Rows of {@code changedAccounts} changed, the earliest of them dated {@code from} (null: undated). */
    public void add(LocalDate from, Collection<String> changedAccounts) {
        if (changedAccounts.isEmpty()) {
            return;
        }
        accounts.addAll(changedAccounts);
        if (from == null) {
            fromFirstMonth = true;
        } else if (earliest == null || from.isBefore(earliest)) {
            earliest = from;
        }
    }

    /** Rows of {@code changedAccounts} changed that count in every month. */
    public void addEveryMonth(Collection<String> changedAccounts) {
        add(null, changedAccounts);
    }

    /** Adds what {@code other} changed. */
    public void include(ChangedScope other) {
        everything |= other.everything;
        fromFirstMonth |= other.fromFirstMonth;
        if (other.earliest != null && (earliest == null || other.earliest.isBefore(earliest))) {
            earliest = other.earliest;
        }
        accounts.addAll(other.accounts);
    }

    /** Whether the import changed nothing at all. */
    public boolean isEmpty() {
        return !everything && accounts.isEmpty();
    }

    /**
     * The first changed month, or empty when every month must be recalculated (a first load);
     * {@code firstMonth} (the tenant's first month of data, asked only when needed) stands for the
     * changes that count in every month; with no data month at all, every month is recalculated.
     */
    Optional<YearMonth> from(Supplier<Optional<YearMonth>> firstMonth) {
        if (everything || accounts.isEmpty()) {
            return Optional.empty();
        }
        Optional<YearMonth> dated = Optional.ofNullable(earliest).map(YearMonth::from);
        if (!fromFirstMonth) {
            return dated;
        }
        Optional<YearMonth> first = firstMonth.get();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dated.filter(d -> d.isBefore(first.get())).orElse(first.get()));
    }

    /** The changed accounts (empty for a first load, which changes every account). */
    Set<String> accounts() {
        return everything ? Set.of() : Set.copyOf(accounts);
    }

    /**
     * The tenant's first month of data, as the engine's months begin (its first month of MRR), read on
     * {@code connection} when asked.
     */
    public static Supplier<Optional<YearMonth>> firstMonth(Connection connection, String tenant) {
        return () -> Optional.ofNullable(Sql.one(connection, "select min(month) as first from mrr where tenant_id = ?",
                row -> row.localDate("first"), tenant)).map(YearMonth::from);
    }

    /** Narrows {@code request} to this scope, when it can be narrowed; answers it. */
    public RecalculationRequested narrow(RecalculationRequested request, Supplier<Optional<YearMonth>> firstMonth) {
        Optional<YearMonth> from = from(firstMonth);
        if (from.isPresent()) {
            request.changed(from.get(), accounts());
        }
        return request;
    }
}
