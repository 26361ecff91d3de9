package dev.bellwether.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.bellwether.web.Formats;

/** Changes of health and of a measure's points are between the figures as they read, as the tiles' trends are. */
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

    @Test
    void aMeasuresChangeInWhyItMovedIsBetweenItsPointsAsTheyRead() {
        WhyMoved.Line fell = new WhyMoved.Line("nps", "Account NPS", "", null, null, 69.84, 39.66, 0.2);
        assertEquals("−30.1", Formats.signed(fell.change()), "69.8 → 39.7");
        WhyMoved.Line rose = new WhyMoved.Line("nps", "Account NPS", "", null, null, 70.04, 70.53, 0.2);
        assertEquals(true, rose.moved(), "70.0 → 70.5 moved half a point as it reads");
    }
}
