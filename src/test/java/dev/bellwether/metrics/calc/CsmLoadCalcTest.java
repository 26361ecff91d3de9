package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Each CSM's paying accounts and their ARR at M; unassigned accounts count as active, not as a CSM. */
class CsmLoadCalcTest {

    @Test
    void booksActiveAccountsAndAccountsPerCsm() {
        Book book = new Book(YearMonth.of(2026, 1), 1);
        book.account("a1", "SMB", "ann@x.example", 100);
        book.account("a2", "SMB", "ann@x.example", 50);
        book.account("b1", "SMB", "bob@x.example", 10);
        book.account("none", "SMB", null, 20);
        book.account("blank", "SMB", " ", 5);
        // an export's words for no CSM, as the breakdown by CSM and the per-CSM figures read them
        book.account("said-none", "SMB", "(none)", 7);
        book.account("said-unassigned", "SMB", "(unassigned)", 8);
        book.account("gone", "SMB", "cat@x.example", 0);
        CsmLoad load = CsmLoadCalc.at(book.accounts, 0);
        assertEquals(List.of(new CsmBook("ann@x.example", 2, 1800.0), new CsmBook("bob@x.example", 1, 120.0)),
                load.csms());
        assertEquals(7, load.activeAccounts());
        assertEquals(2, load.csmCount());
        assertEquals(3.5, load.ratio(), 1e-9);
    }

    /** A book's ARR is exact to the cent, as the CSM's own figures give it: no noise of adding binary fractions. */
    @Test
    void aBooksArrCarriesNoNoiseOfItsSum() {
        Book book = new Book(YearMonth.of(2026, 1), 1);
        double[] mrr = { 8203.32, 2893.1, 2790.99, 6826.74, 5269.59, 5652.98, 7201.53, 7374.37, 7513.02, 6132.05,
            9428.54 };
        for (int i = 0; i < mrr.length; i++) {
            book.account("a" + i, "SMB", "ann@x.example", mrr[i]);
        }
        assertEquals(List.of(new CsmBook("ann@x.example", 11, 831434.76)), CsmLoadCalc.at(book.accounts, 0).csms());
    }

    @Test
    void withoutCsmsTheRatioIsUndefined() {
        Book book = new Book(YearMonth.of(2026, 1), 1);
        book.account("none", "SMB", null, 20);
        CsmLoad load = CsmLoadCalc.at(book.accounts, 0);
        assertEquals(List.of(), load.csms());
        assertEquals(1, load.activeAccounts());
        assertNull(load.ratio());
    }
}
