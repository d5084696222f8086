package dev.whatmoved.metrics.architecture;

import dev.whatmoved.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside metrics point one way: the edge (rest, messaging, health) calls the stages (pull, the ingest use
 * cases in service, rollup, announce), which use the catalogue, storage (repository), the domain, the readers and maths
 * (model) and the operator counters (operations); nothing below the edge knows it. Reads the compiled main classes only (no
 * Quarkus start: well under a second).
 */
class PackageDependenciesTest {

    private static final PackageRules RULES = PackageRules.mainClassesOf("dev.whatmoved.metrics");

    @Test
    void noPackageCycle() {
        RULES.assertNoPackageCycle();
    }

    @Test
    void useCasesDoNotKnowTheEdge() {
        RULES.assertInnerDoesNotReadEdge(
                List.of(
                        "service",
                        "announce",
                        "catalogue",
                        "rollup",
                        "pull",
                        "repository",
                        "domain",
                        "model",
                        "operations"),
                List.of("rest", "messaging", "health"));
    }
}
