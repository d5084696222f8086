package dev.whatmoved.console.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No cycle between the console's packages: the door (URL checks, error pages) and the live panel sit in front of the
 * pages, which use the clients and the view helpers; nothing below reads what is above it. Reads the compiled main
 * classes only (no Quarkus start: a few seconds). The same two rules as the other services' tests
 * ({@code dev.whatmoved.testing.PackageRules}), written out here because the console has no database or broker and so
 * does not carry the test platform module that holds them.
 */
class PackageDependenciesTest {

    private static final String ROOT = "dev.whatmoved.console";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noPackageCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void clientsAndViewHelpersDoNotKnowThePages() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".client..", ROOT + ".view..", ROOT + ".config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".page..", ROOT + ".door..", ROOT + ".live..")
                .check(CLASSES);
    }
}
