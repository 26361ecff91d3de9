package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * docs/imports.md: problems are listed file by file in the import order, then by line, and at least the
 * first 1,000 are listed, whatever order they were found in (repeated keys are found after every cell).
 */
class ImportProblemsTest {

    private static ImportError cell(String file, long line) {
        return ImportError.ofCell(file, line, "mrr", "x", "'x' is not an amount.");
    }

    private static ImportError repeat(String file, long line) {
        return ImportError.ofCell(file, line, "account_id", "ACC-1", "Same (account_id, month) as line 2.");
    }

    private static List<Long> lines(List<ImportError> errors) {
        return errors.stream().map(ImportError::line).toList();
    }

    @Test
    void aRepeatedKeyFoundAfterTheListIsFullStillListsItsEarlierLine() {
        ImportProblems problems = new ImportProblems(3, Map.of("mrr.csv", 0));
        for (long line = 10; line < 20; line++) {
            problems.add(cell("mrr.csv", line));
        }
        problems.addAll(List.of(repeat("mrr.csv", 3)), 1);
        assertEquals(List.of(3L, 10L, 11L), lines(problems.report()));
        assertEquals(11, problems.total());
    }

    @Test
    void anEarlierFilesProblemsFoundLastAreListedFirst() {
        ImportProblems problems = new ImportProblems(2, Map.of("accounts.csv", 0, "mrr.csv", 1));
        problems.add(cell("mrr.csv", 2));
        problems.add(cell("mrr.csv", 3));
        problems.add(cell("mrr.csv", 4));
        problems.add(repeat("accounts.csv", 40));
        List<ImportError> report = problems.report();
        assertEquals(List.of("accounts.csv", "mrr.csv"), report.stream().map(ImportError::file).toList());
        assertEquals(List.of(40L, 2L), lines(report));
    }

    @Test
    void problemsOfTheWholeFileComeBeforeItsLinesAndTiesKeepTheirOrder() {
        ImportProblems problems = new ImportProblems(3, Map.of("mrr.csv", 0));
        problems.add(cell("mrr.csv", 5));
        problems.add(ImportError.ofCell("mrr.csv", 5, "month", "y", "'y' is not a month."));
        problems.add(ImportError.ofFile("mrr.csv", "This is not a readable .zip archive."));
        problems.add(cell("mrr.csv", 6));
        List<ImportError> report = problems.report();
        assertEquals(Arrays.asList(null, 5L, 5L), lines(report));
        assertEquals(Arrays.asList(null, "mrr", "month"), report.stream().map(ImportError::column).toList());
    }
}
