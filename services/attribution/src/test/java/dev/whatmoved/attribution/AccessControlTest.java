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
        String feature = "access-" + release.substring(0, 8);
        TestEvents.publish(
                EventType.FEATURE_COMMITTED,
                feature,
                feature,
                """
                {"key": "%s", "committedAt": "2026-11-01T09:00:00Z", "predictions": [{"number": 1, "version": 1,
                 "metric": "search.clicks", "direction": "up", "expectedChangePct": 2, "confidence": 0.6,
                 "horizonDays": 30, "guardrail": false}]}
                """
                        .formatted(feature));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestTokens.caller(Scopes.READ)
                                        .get("/api/releases/" + release + "/outcomes")
                                        .statusCode()
                                == 200
                        && TestTokens.caller(Scopes.READ)
                                        .get("/api/features/" + feature + "/outcomes")
                                        .statusCode()
                                == 200);

        String event = newEvent();
        new AccessMatrix()
                .get("/api/releases/{id}/outcomes", Scopes.READ, () -> "/api/releases/" + release + "/outcomes")
                .get("/api/features/{key}/outcomes", Scopes.READ, () -> "/api/features/" + feature + "/outcomes")
                .get(
                        "/api/metrics/{key}/attributions",
                        Scopes.READ,
                        () -> "/api/metrics/search.clicks/attributions?from=2026-01-01&to=2027-01-01")
                .get("/api/calibration", Scopes.READ, () -> "/api/calibration?team=search")
                .get("/api/outputs-vs-outcomes", Scopes.READ, () -> "/api/outputs-vs-outcomes?period=quarter")
                .post(
                        "/api/analyses",
                        Scopes.READ,
                        () -> "/api/analyses",
                        () -> "{\"response\": [1, 3, 2, 5, 4, 6, 5, 7], \"prePeriod\": [0, 5], \"postPeriod\": [6, 7]}")
                // features asks for reviews with its caller's token: a reader's or a product lead's
                .post(
                        "/api/reviews",
                        Scopes.READ,
                        () -> "/api/reviews",
                        () -> "{\"predictions\": [{\"metric\": \"access.unseen\", \"direction\": \"up\","
                                + " \"changePct\": 1}]}")
                .alsoAllowing(Scopes.FEATURES_WRITE)
                .post("/api/events", Scopes.FEATURES_WRITE, () -> "/api/events", AccessControlTest::anEvent)
                .get("/api/events", Scopes.READ, () -> "/api/events?metric=search.clicks")
                .get("/api/events/{id}", Scopes.READ, () -> "/api/events/" + event)
                // each successful call removes an event: a new one per call
                .delete("/api/events/{id}", Scopes.FEATURES_WRITE, () -> "/api/events/" + newEvent())
                .assertCoversEveryOperation()
                .assertEnforced()
                .assertNoTokenLogged(Path.of("target/service-test.log"));
    }

    /** A known event on a day no test's data reaches; posted again, it is the same event (200). */
    private static String anEvent() {
        return """
                {"name": "access", "kind": "other", "from": "2045-01-01", "to": "2045-01-01", "metrics": ["search.clicks"]}
                """;
    }

    private static String newEvent() {
        return TestTokens.caller(Scopes.ADMIN)
                .contentType(io.restassured.http.ContentType.JSON)
                .body(anEvent().replace("access", "access " + UUID.randomUUID()))
                .post("/api/events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
