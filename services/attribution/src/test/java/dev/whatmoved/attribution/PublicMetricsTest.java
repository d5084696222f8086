package dev.whatmoved.attribution;

import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Anyone can read /q/metrics: what they request without a token must not become a label there. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class PublicMetricsTest {

    @Test
    void rawPathsOfUnauthenticatedAndUnknownRequestsAreNotLabels() {
        PublicMetrics.assertRawPathsStayOutOfTheLabels();
    }
}
