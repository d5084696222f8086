package dev.whatmoved.notify.architecture;

import dev.whatmoved.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies inside notify point one way: the edge (rest, messaging, health) calls the use cases (service, digest),
 * which use the channels, storage (repository) and the domain; nothing inside reads the edge. Reads the compiled main
 * classes only (no Quarkus start: well under a second).
 */
class PackageDependenciesTest {

    private static final PackageRules RULES = PackageRules.mainClassesOf("dev.whatmoved.notify");

    @Test
    void noPackageCycle() {
        RULES.assertNoPackageCycle();
    }

    @Test
    void useCasesDoNotKnowTheEdge() {
        RULES.assertInnerDoesNotReadEdge(
                List.of("service", "digest", "channel", "repository", "domain"),
                List.of("rest", "messaging", "health"));
    }
}
