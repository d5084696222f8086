package dev.whatmoved.attribution;

import static org.awaitility.Awaitility.await;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.AccessMatrix;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestEvents;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class AccessControlTest {

    @Test
    void everyEndpointAnswersEachCallerExactlyAsItsScopeAllows() throws Exception {
        String release = UUID.randomUUID().toString();
        TestEvents.publish(
                EventType.RELEASE_DEPLOYED,
                "search",
                release,
                """
                {"releaseId": "%s", "service": "search", "version": "7.1.0", "environment": "production",
                 "deployedAt": "2026-11-20T10:15:00Z", "features": [], "source": "api"}
                """
                        .formatted(release));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestTokens.caller(Scopes.READ)
                                .get("/api/releases/" + release + "/outcomes")
                                .statusCode()
                        == 200);

        new AccessMatrix()
                .get("/api/releases/{id}/outcomes", Scopes.READ, () -> "/api/releases/" + release + "/outcomes")
                .post(
                        "/api/analyses",
                        Scopes.READ,
                        () -> "/api/analyses",
                        () -> "{\"response\": [1, 3, 2, 5, 4, 6, 5, 7], \"prePeriod\": [0, 5], \"postPeriod\": [6, 7]}")
                .assertCoversEveryOperation()
                .assertEnforced()
                .assertNoTokenLogged(Path.of("target/service-test.log"));
    }
}
