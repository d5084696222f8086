package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class MetricPointsResourceTest {

    @Test
    void rollsPointsUpPerUtcDayAndPublishesTheNewTotalsOfEachBucket() {
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        [{"timestamp": "2026-11-01T23:30:00Z", "value": 10},
                         {"timestamp": "2026-11-01T08:00:00+02:00", "value": 5.5},
                         {"timestamp": "2026-11-02T00:10:00Z", "value": 7}]
                        """)
                .post("/api/metrics/signups/points")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(3))
                .body("buckets.day", contains("2026-11-01", "2026-11-02"))
                .body("buckets.sum", contains(15.5f, 7.0f))
                .body("buckets.count", contains(2, 1))
                .body("buckets.revision", contains(1, 1));

        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        [{"timestamp": "2026-11-01T12:00:00Z", "value": 4.5}]
                        """)
                .post("/api/metrics/signups/points")
                .then()
                .statusCode(202)
                .body("buckets[0].sum", equalTo(20.0f))
                .body("buckets[0].count", equalTo(3))
                .body("buckets[0].revision", equalTo(2));

        var second = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.METRIC_ROLLUP,
                e -> e.data().path("metric").asText().equals("signups")
                        && e.data().path("revision").asLong() == 2);
        assertThat(second.key()).isEqualTo("signups");
        assertThat(second.subject()).isEqualTo("signups/day/2026-11-01");
        assertThat(second.data().path("bucketStart").asText()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(second.data().path("sum").asDouble()).isEqualTo(20.0);
        assertThat(second.data().path("count").asLong()).isEqualTo(3);
    }

    @Test
    void rejectsABatchWithABadPointNamingItAndStoresNoneOfIt() {
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        [{"timestamp": "2026-11-03T10:00:00Z", "value": 1}, {"value": 2}]
                        """)
                .post("/api/metrics/orders/points")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("[1].timestamp"));

        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        [{"timestamp": "2026-11-03T11:00:00Z", "value": 3}]
                        """)
                .post("/api/metrics/orders/points")
                .then()
                .statusCode(202)
                .body("buckets[0].count", equalTo(1))
                .body("buckets[0].revision", equalTo(1));
    }

    @Test
    void rejectsAnEmptyBatchAndABadKey() {
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[]")
                .post("/api/metrics/signups/points")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        [{"timestamp": "2026-11-03T10:00:00Z", "value": 1}]
                        """)
                .post("/api/metrics/Sign Ups/points")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("key"));
    }
}
