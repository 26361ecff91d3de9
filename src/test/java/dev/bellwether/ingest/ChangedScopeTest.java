package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.bellwether.platform.RecalculationRequested;

/** What an import's changes narrow its recalculation to. */
class ChangedScopeTest {

    private static final Supplier<Optional<YearMonth>> FIRST_MONTH = () -> Optional.of(YearMonth.of(2025, 1));

    @Test
    void nothingAddedIsNothingChanged() {
        ChangedScope scope = new ChangedScope();
        scope.add(LocalDate.of(2026, 3, 4), List.of());
        assertTrue(scope.isEmpty());
    }

    @Test
    void theEarliestDateAndEveryAccountOfEveryKindCount() {
        ChangedScope scope = new ChangedScope();
        scope.add(LocalDate.of(2026, 5, 31), List.of("A", "B"));
        scope.add(LocalDate.of(2026, 3, 1), List.of("C"));
        scope.add(LocalDate.of(2026, 4, 15), List.of("A"));
        assertFalse(scope.isEmpty());
        RecalculationRequested request = scope.narrow(new RecalculationRequested("t", "import"), () -> {
            throw new AssertionError("no change counts in every month");
        });
        assertEquals(Optional.of(YearMonth.of(2026, 3)), request.changedFrom());
        assertEquals(Optional.of(Set.of("A", "B", "C")), request.changedAccounts());
    }

    @Test
    void aChangeThatCountsInEveryMonthStartsAtTheTenantsFirstMonth() {
        ChangedScope scope = new ChangedScope();
        scope.add(LocalDate.of(2026, 5, 31), List.of("A"));
        scope.addEveryMonth(List.of("B"));
        assertEquals(Optional.of(YearMonth.of(2025, 1)), scope.from(FIRST_MONTH));
        assertEquals(Set.of("A", "B"), scope.accounts());
    }

    @Test
    void aDateBeforeTheFirstMonthWins() {
        ChangedScope scope = new ChangedScope();
        scope.addEveryMonth(List.of("B"));
        scope.add(LocalDate.of(2024, 11, 2), List.of("A"));
        assertEquals(Optional.of(YearMonth.of(2024, 11)), scope.from(FIRST_MONTH));
    }

    @Test
    void aFirstLoadOrATenantWithoutMonthsRecalculatesEverything() {
        ChangedScope first = new ChangedScope();
        first.add(LocalDate.of(2026, 5, 31), List.of("A"));
        first.everything();
        RecalculationRequested request = first.narrow(new RecalculationRequested("t", "import"), FIRST_MONTH);
        assertEquals(Optional.empty(), request.changedFrom());
        assertEquals(Optional.empty(), request.changedAccounts());

        ChangedScope noMonths = new ChangedScope();
        noMonths.addEveryMonth(List.of("A"));
        assertEquals(Optional.empty(), noMonths.from(Optional::empty));
    }
}
