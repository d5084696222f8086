package dev.whatmoved.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The package rules every service's {@code architecture/PackageDependenciesTest} checks over its compiled main classes
 * (no Quarkus start): no cycle between the top-level packages under the service's root, and dependencies that point one
 * way, from the edge inwards. A failure names each offending class and dependency (ArchUnit's message).
 */
public final class PackageRules {

    private final String root;
    private final JavaClasses classes;

    private PackageRules(String root, JavaClasses classes) {
        this.root = root;
        this.classes = classes;
    }

    /** Imports the main classes (tests excluded) under {@code root}, e.g. {@code dev.whatmoved.features}. */
    public static PackageRules mainClassesOf(String root) {
        return new PackageRules(
                root,
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(root));
    }

    /** Fails on any cycle between the top-level packages under the root ({@code root.(*)..}). */
    public void assertNoPackageCycle() {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * Fails when a class in one of the {@code inner} packages depends on a class in one of the {@code edge} packages.
     *
     * @param inner top-level package names under the root whose classes must not know the edge (e.g. "service")
     * @param edge top-level package names under the root that form the edge (e.g. "rest", "messaging")
     */
    public void assertInnerDoesNotReadEdge(List<String> inner, List<String> edge) {
        noClasses()
                .that()
                .resideInAnyPackage(subtrees(inner))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(subtrees(edge))
                .check(classes);
    }

    private String[] subtrees(List<String> packages) {
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("a package rule needs at least one package");
        }
        return packages.stream().map(name -> root + "." + name + "..").toArray(String[]::new);
    }
}
