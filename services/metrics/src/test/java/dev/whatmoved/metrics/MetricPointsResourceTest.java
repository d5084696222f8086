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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class MetricPointsResourceTest {

    @Test
    void rollsPointsUpPerUtcDayAndPublishesTheNewTotalsOfEachBucket() {
        String metric = Metrics.register(Metrics.key("signups"), "sum");
        Instant day1 = Metrics.daysAgo(3);
        Instant day2 = Metrics.daysAgo(2);
        LocalDate date1 = LocalDate.ofInstant(day1, ZoneOffset.UTC);
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + day1.plus(23, ChronoUnit.HOURS).plusSeconds(1800) + "\", \"value\": 10},"
                        + " {\"timestamp\": \"" + date1 + "T08:00:00+02:00\", \"value\": 5.5},"
                        + " {\"timestamp\": \"" + day2.plusSeconds(600) + "\", \"value\": 7}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(3))
                .body(
                        "buckets.day",
                        contains(date1.toString(), date1.plusDays(1).toString()))
                .body("buckets.sum", contains(15.5f, 7.0f))
                .body("buckets.count", contains(2, 1))
                .body("buckets.revision", contains(1, 1));

        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + day1.plus(12, ChronoUnit.HOURS) + "\", \"value\": 4.5}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(202)
                .body("buckets[0].sum", equalTo(20.0f))
                .body("buckets[0].count", equalTo(3))
                .body("buckets[0].revision", equalTo(2));

        var second = PublishedEvents.awaitEvent(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                EventType.METRIC_ROLLUP,
                e -> e.data().path("metric").asText().equals(metric)
                        && e.data().path("granularity").asText().equals("day")
                        && e.data().path("dimensions").isEmpty()
                        && e.data().path("bucketStart").asText().equals(day1.toString())
                        && e.data().path("revision").asLong() == 2);
        assertThat(second.key()).isEqualTo(metric);
        assertThat(second.subject()).isEqualTo(metric + "/day/" + date1);
        assertThat(second.data().path("sum").asDouble()).isEqualTo(20.0);
        assertThat(second.data().path("count").asLong()).isEqualTo(3);
        assertThat(second.data().path("min").asDouble()).isEqualTo(4.5);
        assertThat(second.data().path("max").asDouble()).isEqualTo(10.0);
        // so a consumer (attribution) knows the bucket's value is its sum, not a mean or a ratio
        assertThat(second.data().path("aggregation").asText()).isEqualTo("sum");
    }

    @Test
    void rejectsABatchWithABadPointNamingItAndStoresNoneOfIt() {
        String metric = Metrics.register(Metrics.key("orders"), "sum");
        Instant day = Metrics.daysAgo(1);
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + day.plusSeconds(3600) + "\", \"value\": 1}, {\"value\": 2},"
                        + " {\"timestamp\": \"" + day.plusSeconds(7200) + "\"}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("[1].timestamp"));
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + day.plusSeconds(3600) + "\", \"value\": 1}," + " {\"timestamp\": \""
                        + day.plusSeconds(7200) + "\"}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .body("errors.field", contains("[1].value"))
                .body("errors.message", contains("missing"));

        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + day.plusSeconds(3600) + "\", \"value\": 3}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(202)
                .body("buckets[0].count", equalTo(1))
                .body("buckets[0].revision", equalTo(1));
    }

    @Test
    void answers422ForAMetricThatIsNotRegistered() {
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"" + Metrics.daysAgo(1) + "\", \"value\": 1}]")
                .post("/api/metrics/never.registered/points")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://whatmoved.dev/problems/unknown-metric"))
                .body("errors[0].field", equalTo("key"));
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
                .body("[{\"timestamp\": \"" + Metrics.daysAgo(1) + "\", \"value\": 1}]")
                .post("/api/metrics/Sign Ups/points")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("key"));
    }
}
