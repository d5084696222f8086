package dev.whatmoved.metrics;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.AccessMatrix;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class AccessControlTest {

    @Test
    void everyEndpointAnswersEachCallerExactlyAsItsScopeAllows() throws Exception {
        new AccessMatrix()
                .post(
                        "/api/metrics/{key}/points",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics/access.matrix/points",
                        () -> "[{\"timestamp\": \"2026-11-20T10:00:00Z\", \"value\": 1}]")
                .assertCoversEveryOperation()
                .assertEnforced()
                .assertNoTokenLogged(Path.of("target/service-test.log"));
    }
}
