package dev.whatmoved.console.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No cycle between the console's packages: the door (URL checks, error pages) and the live panel sit in front of the
 * pages, which use the clients and the view helpers; nothing below reads what is above it. Reads the compiled main
 * classes only (no Quarkus start: a few seconds).
 */
class PackageDependenciesTest {

    private static final String ROOT = "dev.whatmoved.console";

    @Test
    void noPackageCycle() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
