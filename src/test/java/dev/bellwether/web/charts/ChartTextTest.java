package dev.bellwether.web.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A wide table of numbers cut into narrower ones, each repeating the columns that name its rows. */
class ChartTextTest {

    final ChartText wide = new ChartText("Five months", List.of("Cohort", "Accounts", "M0", "M1", "M2", "M3", "M4"),
            List.of(List.of("2026-01", "3", "a", "b", "c", "d", "e"), List.of("2026-02", "4", "f", "g", "h", "i", "j")))
            .withLinks(List.of("/a", "/b"));

    @Test
    void aNarrowTableIsOnePartWithoutASpan() {
        List<ChartText.Part> parts = wide.parts();
        assertEquals(1, parts.size());
        assertNull(parts.get(0).span());
        assertEquals(wide.columns(), parts.get(0).columns());
        assertEquals(1, wide.inPartsOf(2, 5).parts().size(), "five columns after the kept two fit one part");
    }

    @Test
    void aWideTableIsCutAfterTheKeptColumnsAndTheLastPartIsNarrower() {
        ChartText cut = wide.inPartsOf(2, 2);
        List<ChartText.Part> parts = cut.parts();
        assertEquals(List.of("M0 to M1", "M2 to M3", "M4"), parts.stream().map(ChartText.Part::span).toList());
        assertEquals(List.of("Cohort", "Accounts", "M2", "M3"), parts.get(1).columns());
        assertEquals(List.of(List.of("2026-01", "3", "c", "d"), List.of("2026-02", "4", "h", "i")),
                parts.get(1).rows());
        assertEquals(List.of(List.of("2026-01", "3", "e"), List.of("2026-02", "4", "j")), parts.get(2).rows());
        assertEquals(List.of("/a", "/b"), parts.get(2).links(), "the rows still lead where they did");
        assertEquals(List.of("/a", "/b"), wide.withLinks(List.of("/a", "/b")).inPartsOf(2, 2).links());
        assertEquals(3, wide.inPartsOf(2, 2).withLinks(List.of("/c", "/d")).parts().size(), "links keep the cut");
    }

    @Test
    void aRowWithNoValueInALaterPartIsLeftOutOfItAndAPartWithNoRowAtAll() {
        ChartText young = new ChartText("", List.of("Cohort", "Accounts", "M0", "M1", "M2", "M3", "M4", "M5"),
                List.of(List.of("old", "3", "a", "b", "c", "d", "e", ChartText.NONE),
                        List.of("new", "4", "f", ChartText.NONE, ChartText.NONE, ChartText.NONE, ChartText.NONE,
                                ChartText.NONE),
                        List.of("gap", "5", ChartText.NONE, ChartText.NONE, ChartText.NONE, ChartText.NONE,
                                ChartText.NONE, "g")))
                .withLinks(List.of("/old", "/new", "/gap"));
        List<ChartText.Part> parts = young.inPartsOf(2, 2).parts();
        // the first part keeps every row, even one without a value in it: each cohort is listed once at least
        assertEquals(List.of("old", "new", "gap"), parts.get(0).rows().stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("/old"), parts.get(1).links(), "only old has a value in M2 or M3");
        assertEquals(List.of(List.of("old", "3", "c", "d")), parts.get(1).rows());
        assertEquals(List.of("/old", "/gap"), parts.get(2).links(), "a value after a gap is still shown");
        assertEquals(List.of("M0 to M1", "M2 to M3", "M4 to M5"), parts.stream().map(ChartText.Part::span).toList());
        ChartText none = new ChartText("", List.of("Cohort", "Accounts", "M0", "M1", "M2"),
                List.of(List.of("new", "4", "f", ChartText.NONE, ChartText.NONE)));
        assertEquals(List.of("M0 to M1"), none.inPartsOf(2, 2).parts().stream().map(ChartText.Part::span).toList(),
                "no table of nothing");
    }

    @Test
    void aCutNeedsColumnsToKeepAndToShow() {
        assertThrows(IllegalArgumentException.class, () -> wide.inPartsOf(0, 2));
        assertThrows(IllegalArgumentException.class, () -> wide.inPartsOf(2, 0));
    }
}
