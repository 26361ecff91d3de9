package dev.bellwether.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.bellwether.web.Formats;

/** The health badge's change is between the scores as they read, as the executive tiles' trends are. */
class HealthChangeTest {

    private static AccountBook.Line line(Double health, Double previous) {
        return new AccountBook.Line("ACC-1", "One", "SMB", null, 100, health, "healthy", null, previous, true, 0,
                null);
    }

    @Test
    void twoMonthsThatReadAlikeShowNoChange() {
        assertEquals("±0.0", Formats.signed(line(70.04, 69.98).change()), "both read 70.0");
        assertEquals("+0.2", Formats.signed(line(70.06, 69.94).change()), "70.1 against 69.9");
        assertEquals("−6.3", Formats.signed(line(60.0, 66.25).change()), "60.0 against 66.3");
        assertNull(line(70.0, null).change());
    }
}
