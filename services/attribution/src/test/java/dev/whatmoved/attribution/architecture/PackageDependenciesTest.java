package dev.whatmoved.attribution.architecture;

import dev.whatmoved.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside attribution point one way: the edge (rest, messaging, operations) calls the use cases (service),
 * which use storage (repository), the domain, calibration and the maths (model); the use cases take and answer their
 * own types, and the edge maps them to and from its request and view records. Reads the compiled main classes only (no Quarkus start: well under a second).
 */
class PackageDependenciesTest {

    private static final PackageRules RULES = PackageRules.mainClassesOf("dev.whatmoved.attribution");

    @Test
    void noPackageCycle() {
        RULES.assertNoPackageCycle();
    }

    @Test
    void useCasesDoNotKnowTheEdge() {
        RULES.assertInnerDoesNotReadEdge(
                List.of("service", "repository", "domain", "calibration", "model"),
                List.of("rest", "messaging", "operations"));
    }
}
