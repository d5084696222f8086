package dev.whatmoved.metrics.architecture;

import dev.whatmoved.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside metrics point one way: the edge (rest, messaging, health) calls the stages (pull, the ingest use
 * cases in service, rollup, announce), which use the catalogue, storage (repository), the domain, the readers and checks
 * (ingest), the rollup arithmetic (model) and the operator counters (operations); nothing below the edge knows it. The
 * readers, checks and arithmetic are plain Java that knows no stage and no storage. Reads the compiled main classes only
 * (no Quarkus start: well under a second).
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
                        "ingest",
                        "model",
                        "operations"),
                List.of("rest", "messaging", "health"));
    }

    @Test
    void readersAndArithmeticKnowNoStage() {
        RULES.assertInnerDoesNotReadEdge(
                List.of("ingest", "model"),
                List.of("service", "rollup", "announce", "pull", "catalogue", "repository", "config", "operations"));
    }
}
