package dev.whatmoved.metrics.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside metrics point one way: the edge (rest, messaging, health) calls the stages (pull, the intake use
 * cases in service, rollup, announce), which use the catalogue, storage (repository), the domain, the readers and maths
 * (model) and the operator counters (operations); nothing below the edge knows it. Reads the compiled main classes only (no
 * Quarkus start: well under a second).
 */
class PackageDependenciesTest {

    private static final String ROOT = "dev.whatmoved.metrics";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void useCasesDoNotKnowTheEdge() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        ROOT + ".service..",
                        ROOT + ".announce..",
                        ROOT + ".catalogue..",
                        ROOT + ".rollup..",
                        ROOT + ".pull..",
                        ROOT + ".repository..",
                        ROOT + ".domain..",
                        ROOT + ".model..",
                        ROOT + ".operations..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".rest..", ROOT + ".messaging..", ROOT + ".health..")
                .check(classes);
    }
}
