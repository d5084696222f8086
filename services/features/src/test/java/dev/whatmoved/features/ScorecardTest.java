package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scorecard consumer, fed outcome.measured events through the real broker as attribution will publish them. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class ScorecardTest {

    @Test
    void keepsTheLatestVersionOfEachOutcomeAndIgnoresALateOlderOne() {
        Features.createCommitted("saved-carts", "growth");
        String release = Features.release("saved-carts", "carts", "3.1.0", 10);

        outcome(release, 7, 1, "inconclusive", null);
        outcome(release, 7, 3, "moved-as-predicted", 3.4);
        outcome(release, 7, 2, "no-detectable-change", 0.2); // older version, arriving late
        outcome(release, 1, 1, "pending", null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> caller(Scopes.READ)
                .get("/api/features/saved-carts")
                .then()
                .body("scorecard.size()", equalTo(2))
                .body("scorecard.find { it.checkpointDays == 7 }.verdict", equalTo("moved-as-predicted"))
                .body("scorecard.find { it.checkpointDays == 7 }.outcomeVersion", equalTo(3))
                .body("scorecard.find { it.checkpointDays == 7 }.relEffectPct", equalTo(3.4f))
                .body("scorecard.find { it.checkpointDays == 1 }.verdict", equalTo("pending")));
    }

    private static void outcome(String release, int checkpoint, int version, String verdict, Double effect) {
        TestEvents.publish(
                EventType.OUTCOME_MEASURED,
                release,
                release + "/saved-carts#1/" + checkpoint + "d",
                """
                {"outcomeId": "%s", "releaseId": "%s", "featureKey": "saved-carts", "predictionNumber": 1,
                 "predictionVersion": 1, "metric": "checkout.conversion", "checkpointDays": %d, "version": %d,
                 "verdict": "%s", "relEffectPct": %s, "relEffectLowerPct": null, "relEffectUpperPct": null,
                 "p": 0.01, "method": "state-space", "measuredAt": "2026-11-20T00:00:00Z"}
                """
                        .formatted(UUID.randomUUID(), release, checkpoint, version, verdict, effect));
    }
}
