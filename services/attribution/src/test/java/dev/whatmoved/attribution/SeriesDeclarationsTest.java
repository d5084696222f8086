package dev.whatmoved.attribution;

import static dev.whatmoved.attribution.OutcomeFixtures.prediction;
import static dev.whatmoved.attribution.OutcomeFixtures.publishFeature;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.PublishedEvents.Event;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attribution tells metrics which rollup series it reads ({@code metric.interest.v1}), and the declaration follows the
 * predictions: the daily totals of every metric, and the daily and hourly totals of each predicted metric.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class SeriesDeclarationsTest {

    @Test
    void declaresTheTotalsOfEveryMetricAndTheHoursOfAPredictedOneUntilNoPredictionNamesIt() {
        Event everyMetric = await(e -> e.key().equals("*"));
        assertThat(series(everyMetric.data())).containsExactly("day []");
        assertThat(everyMetric.data().path("consumer").asText()).isEqualTo("attribution");

        String feature = unique("one-click");
        String first = unique("conversion");
        String second = unique("revenue");
        publishFeature(feature, prediction(first, "up", 3));
        Event predicted = await(e -> e.key().equals(first));
        assertThat(series(predicted.data())).containsExactlyInAnyOrder("day []", "hour []");

        // the prediction moves to another metric: the first one is no longer read beyond what every metric is
        TestEvents.publish(
                EventType.FEATURE_AMENDED,
                feature,
                feature,
                """
                {"key": "%s", "team": "growth", "owner": "alice", "amendedAt": "2026-01-02T09:00:00Z",
                 "reason": "wrong metric", "amendedAfterShip": false, "prediction": {"number": 1, "version": 2,
                 "metric": "%s", "direction": "up", "expectedChangePct": 3, "confidence": 0.7, "horizonDays": 90,
                 "guardrail": false}}
                """
                        .formatted(feature, second));
        Event dropped =
                await(e -> e.key().equals(first) && e.data().path("series").isEmpty());
        assertThat(dropped.data().path("declaredAt").asText())
                .isGreaterThan(predicted.data().path("declaredAt").asText());
        assertThat(series(await(e -> e.key().equals(second)).data())).containsExactlyInAnyOrder("day []", "hour []");
    }

    private static Event await(java.util.function.Predicate<Event> matching) {
        return PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(), EventType.METRIC_INTEREST, matching);
    }

    private static List<String> series(JsonNode data) {
        List<String> series = new ArrayList<>();
        data.path("series")
                .forEach(s -> series.add(s.path("granularity").asText() + " "
                        + s.path("dimensions").toString()));
        return series;
    }
}
