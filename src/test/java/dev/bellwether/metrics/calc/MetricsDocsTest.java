package dev.bellwether.metrics.calc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/metrics.md explains every figure the app shows, in the same words the app uses. */
class MetricsDocsTest {

    @ParameterizedTest
    @EnumSource(MetricDefinition.class)
    void everyDefinitionIsInTheDocsVerbatim(MetricDefinition definition) throws IOException {
        String docs = Files.readString(Path.of("docs/metrics.md"));
        assertTrue(docs.contains("(`" + definition.key() + "`)"), definition.key() + " has a section");
        assertTrue(docs.contains(definition.explanation()), definition.key() + ": " + definition.explanation());
        assertTrue(docs.contains(definition.formula()), definition.key() + ": " + definition.formula());
    }
}
