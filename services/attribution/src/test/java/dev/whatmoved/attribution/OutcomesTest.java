package dev.whatmoved.attribution;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Attribution's consumers, fed through the real broker as the features and metrics services would feed them. */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class OutcomesTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void listsACheckpointPerPredictionAndShowsTheBeforeAfterComparisonOnlyAsALabelledBaseline() {
        LocalDate releaseDay = TODAY.minusDays(8);
        String metric = "signups-" + UUID.randomUUID().toString().substring(0, 8);
        String release = UUID.randomUUID().toString();

        // Metric data first, the release and the feature later: attribution must not depend on the order.
        for (int d = 1; d <= 28; d++) {
            rollup(metric, releaseDay.minusDays(d), 100, 1);
        }
        for (int d = 1; d <= 7; d++) {
            rollup(metric, releaseDay.plusDays(d), 130, 1);
        }
        publishRelease(release, releaseDay, "one-click-" + metric);
        TestEvents.publish(
                EventType.FEATURE_COMMITTED,
                "one-click-" + metric,
                "one-click-" + metric,
                """
                {"key": "one-click-%s", "committedAt": "2026-09-01T09:00:00Z", "predictions": [{"number": 1, "version": 1, "metric": "%s", "direction": "up", "expectedChangePct": 5,
                  "confidence": 0.7, "horizonDays": 90, "guardrail": false}]}
                """
                        .formatted(metric, metric));

        JsonPath outcome = awaitMeasured(release);
        // the measurement: the counterfactual model, one outcome per checkpoint up to the 90-day horizon
        assertThat(outcome.getString("method")).isEqualTo("state-space");
        assertThat(outcome.getList("outcomes.checkpointDays")).containsExactly(1, 7, 14, 30, 60, 90);
        assertThat(outcome.getList("outcomes.metric")).containsOnly(metric);
        assertThat(outcome.getList("outcomes.method")).containsOnly("state-space");
        assertThat(outcome.getString("outcomes.find { it.checkpointDays == 30 }.verdict"))
                .isEqualTo("pending");
        // the before/after comparison is kept, labelled, as a baseline only
        assertThat(outcome.getString("baseline.method")).isEqualTo("before-after");
        assertThat(outcome.getString("baseline.caveat")).contains("reference only");
        assertThat(outcome.getString("baseline.metrics[0].metric")).isEqualTo(metric);
        assertThat(outcome.getInt("baseline.metrics[0].before.days")).isEqualTo(28);
        assertThat(outcome.getDouble("baseline.metrics[0].before.mean")).isEqualTo(100.0);
        assertThat(outcome.getInt("baseline.metrics[0].after.days")).isEqualTo(7);
        assertThat(outcome.getDouble("baseline.metrics[0].after.mean")).isEqualTo(130.0);
        assertThat(outcome.getDouble("baseline.metrics[0].relativeChange")).isEqualTo(0.3);
        assertThat(outcome.getList("baseline.metrics[0].features")).containsExactly("one-click-" + metric);
    }

    @Test
    void appliesEachRollupRevisionOnceAndIgnoresAStaleOneArrivingLate() {
        LocalDate releaseDay = TODAY.minusDays(3);
        String metric = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String release = UUID.randomUUID().toString();
        rollup(metric, releaseDay.minusDays(1), 50, 1);
        rollup(metric, releaseDay.plusDays(1), 10, 1);
        rollup(metric, releaseDay.plusDays(1), 70, 3);
        rollup(metric, releaseDay.plusDays(1), 70, 3); // redelivered
        rollup(metric, releaseDay.plusDays(1), 40, 2); // older state, late
        publishRelease(release, releaseDay, "fast-" + metric);
        TestEvents.publish(
                EventType.FEATURE_COMMITTED,
                "fast-" + metric,
                "fast-" + metric,
                """
                {"key": "fast-%s", "committedAt": "2026-09-01T09:00:00Z", "predictions": [{"number": 1, "version": 1, "metric": "%s", "direction": "up", "expectedChangePct": 5,
                  "confidence": 0.7, "horizonDays": 90, "guardrail": false}]}
                """
                        .formatted(metric, metric));
        // a sentinel published after the others on the same key: once it is applied, so are they
        rollup(metric, releaseDay.plusDays(2), 90, 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath outcome = awaitMeasured(release);
            assertThat(outcome.getInt("baseline.metrics[0].after.days")).isEqualTo(2);
            assertThat(outcome.getDouble("baseline.metrics[0].after.mean")).isEqualTo(80.0);
        });
    }

    @Test
    void deadLettersPoisonRecordsWithTheReasonAndKeepsConsuming() {
        String broken = UUID.randomUUID().toString();
        TestEvents.publish(Topics.RELEASES, "checkout", "{\"releaseId\": \"" + broken + "\"}", List.of());
        TestEvents.publish(EventType.RELEASE_DEPLOYED, "checkout", broken, "{\"releaseId\": \"" + broken + "\"}");

        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();
        var notACloudEvent = PublishedEvents.awaitRecord(
                bootstrap,
                Topics.deadLetter(Topics.RELEASES),
                r -> r.value().contains(broken)
                        && PublishedEvents.headerValue(r, "dead-letter-reason").contains("not a CloudEvent"));
        assertThat(notACloudEvent.key()).isEqualTo("checkout");
        var breaksSchema = PublishedEvents.awaitRecord(
                bootstrap,
                Topics.deadLetter(Topics.RELEASES),
                r -> r.value().contains(broken)
                        && PublishedEvents.headerValue(r, "dead-letter-reason").contains("does not match"));
        assertThat(PublishedEvents.headerValue(breaksSchema, "dead-letter-reason"))
                .contains("service");

        String release = UUID.randomUUID().toString();
        publishRelease(release, TODAY.minusDays(2), "after-poison");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> caller(Scopes.READ)
                .get("/api/releases/" + release + "/outcomes")
                .then()
                .statusCode(200)
                .body("releaseId", equalTo(release))
                .body("outcomes.size()", equalTo(0)));
    }

    @Test
    void answersAnUnknownReleaseWithNotFound() {
        caller(Scopes.READ)
                .get("/api/releases/" + UUID.randomUUID() + "/outcomes")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("does not exist"));
    }

    private static JsonPath awaitMeasured(String release) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> caller(Scopes.READ)
                                .get("/api/releases/" + release + "/outcomes")
                                .then()
                                .extract()
                                .jsonPath(),
                        json -> json.getList("outcomes").size() == 6
                                && "measured".equals(json.getString("baseline.metrics[0].status")));
    }

    private static void publishRelease(String id, LocalDate day, String feature) {
        TestEvents.publish(
                EventType.RELEASE_DEPLOYED,
                "checkout",
                id,
                """
                {"releaseId": "%s", "service": "checkout", "version": "1.0.0", "environment": "production",
                 "commit": null, "deployedAt": "%sT12:00:00Z", "features": ["%s"], "source": "api"}
                """
                        .formatted(id, day, feature));
    }

    private static void rollup(String metric, LocalDate day, double sum, long revision) {
        TestEvents.publish(
                EventType.METRIC_ROLLUP,
                metric,
                metric + "/day/" + day,
                """
                {"metric": "%s", "granularity": "day", "bucketStart": "%sT00:00:00Z", "sum": %s, "count": 1,
                 "revision": %d, "dimensions": {}}
                """
                        .formatted(metric, day, sum, revision));
    }
}
