package dev.whatmoved.features.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside features point one way: the edge (rest, messaging) calls the use cases (service), which use
 * storage (repository) and the domain; the use cases take and answer their own types, and the edge maps them to and
 * from its request and view records. Reads the compiled main classes only (no Quarkus start: well under a second).
 */
class PackageDependenciesTest {

    private static final String ROOT = "dev.whatmoved.features";
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
                .resideInAnyPackage(ROOT + ".service..", ROOT + ".repository..", ROOT + ".domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".rest..", ROOT + ".messaging..", ROOT + ".review..")
                .check(classes);
    }
}
