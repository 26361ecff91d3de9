package dev.bellwether.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The intended layering, as tests (docs/architecture.md, "The house"). Features depend on each other
 * one way only; the engine is pure; pages and APIs are HTTP only.
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bellwether");

    /** What the pure engine may not reach, directly or through what it uses. */
    private static final String[] IMPURE = {
        "jakarta..", "javax..", "io.quarkus..", "io.agroal..", "io.vertx..", "org.hibernate..", "org.jboss..",
        "com.fasterxml..", "java.sql..", "javax.sql..", "org.postgresql..", "de.siegmar..",
        "dev.bellwether.tenant..", "dev.bellwether.web..", "dev.bellwether.ingest..", "dev.bellwether.dashboard..",
        "dev.bellwether.admin..", "dev.bellwether.account..", "dev.bellwether.audit..", "dev.bellwether.platform..",
    };

    @Test
    void noMainClassIsOver400Lines() throws IOException {
        List<String> oversized = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > 400) {
                    oversized.add(file + ": " + lines);
                }
            }
        }
        assertEquals(List.of(), oversized);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.bellwether.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void subpackagesHaveNoCyclesEither() {
        slices().matching("dev.bellwether.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theEngineIsPureDirectlyAndThroughWhatItUses() {
        noClasses().that().resideInAPackage("dev.bellwether.metrics.calc..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage(IMPURE)
                .check(MAIN);
    }

    @Test
    void theEngineKnowsNothingOfWhoCallsIt() {
        noClasses().that().resideInAPackage("dev.bellwether.metrics.calc..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bellwether.metrics")
                .check(MAIN);
    }

    @Test
    void changesAskForRecalculationsThroughTheEventOnly() {
        noClasses().that().resideOutsideOfPackage("dev.bellwether.metrics")
                .should().dependOnClassesThat().haveSimpleName("RecalculationQueue")
                .orShould().dependOnClassesThat().haveSimpleName("RecalculationWorker")
                .check(MAIN);
    }

    @Test
    void alertRulesStandAlone() {
        noClasses().that().resideInAPackage("dev.bellwether.alerts..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.bellwether.health..", "dev.bellwether.metrics..")
                .check(MAIN);
    }

    /**
     * What the engine publishes: the figures and their definitions, which pages and APIs read. The
     * rest of {@code metrics.calc} (the tally, scoring, cohorts, backtest, facts) is its machinery.
     */
    private static final Set<String> PUBLISHED = Set.of("TenantMetrics", "MetricDefinition", "MetricDefinition$Unit",
            "Cohort", "CsmLoad", "CsmBook", "HealthAccuracy", "AccuracyMonth", "AccuracyTotal", "Slice", "SliceRow",
            "ChurnDrivers$Driver", "ChurnDrivers$Report", "WeightSearch$Suggestion", "WeightSearch$Aucs");

    @Test
    void pagesAndApisReadTheEnginesResultsButNeverItsMachinery() {
        DescribedPredicate<JavaClass> machinery = new DescribedPredicate<>("the engine's machinery") {
            @Override
            public boolean test(JavaClass type) {
                return type.getPackageName().startsWith("dev.bellwether.metrics.calc")
                        && !PUBLISHED.contains(type.getName().substring(type.getPackageName().length() + 1));
            }
        };
        noClasses().that().areAnnotatedWith(Path.class).should().dependOnClassesThat(machinery).check(MAIN);
    }

    @Test
    void pagesAndApisDoNotHandleJdbc() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
                .check(MAIN);
    }

    @Test
    void nothingBelowThePagesKnowsThePages() {
        classes().that().resideInAnyPackage("dev.bellwether.tenant..", "dev.bellwether.platform..",
                "dev.bellwether.audit..", "dev.bellwether.alerts..", "dev.bellwether.health..",
                "dev.bellwether.metrics..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.bellwether.dashboard..",
                        "dev.bellwether.admin..", "dev.bellwether.account..", "dev.bellwether.ingest..")
                .check(MAIN);
    }
}
