package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/metrics.md explains every figure the app shows, in the same words the app uses. */
class MetricsDocsTest {

    private static final Path DOCS = Path.of("docs/metrics.md");

    @ParameterizedTest
    @EnumSource(MetricDefinition.class)
    void everyDefinitionIsInTheDocsVerbatim(MetricDefinition definition) throws IOException {
        String docs = Files.readString(DOCS);
        String heading = "### " + definition.label() + " (`" + definition.key() + "`)";
        assertTrue(docs.contains(heading + "\n"), definition.key() + " has the section " + heading);
        assertTrue(docs.contains(definition.explanation()), definition.key() + ": " + definition.explanation());
        assertTrue(docs.contains("- Formula: `" + definition.formula() + "`"),
                definition.key() + ": " + definition.formula());
    }

    @ParameterizedTest
    @EnumSource(MetricDefinition.class)
    void whyAFigureCanBeUndefinedIsInItsSection(MetricDefinition definition) throws IOException {
        String docs = Files.readString(DOCS);
        int start = docs.indexOf("### " + definition.label() + " (`" + definition.key() + "`)\n");
        int end = docs.indexOf("\n#", start + 1);
        String section = docs.substring(start, end < 0 ? docs.length() : end);
        if (definition.undefinedWhen() == null) {
            assertFalse(section.contains("- Undefined (“—”) when:"), definition.key() + " is always defined");
        } else {
            assertTrue(section.contains("- Undefined (“—”) when: " + definition.undefinedWhen() + "."),
                    definition.key() + ": " + definition.undefinedWhen());
        }
    }

    @Test
    void theDocsNeedNothingOutsideTheRepository() throws IOException {
        for (String page : new String[] { "docs/metrics.md", "docs/imports.md", "docs/api.md", "README.md" }) {
            String docs = Files.readString(Path.of(page));
            assertFalse(docs.contains("../shared"), page + " points outside the repository");
        }
    }
}
