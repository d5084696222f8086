package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cardinality limit: a metric takes at most {@code whatmoved.metrics.max-dimension-combinations} distinct dimension
 * combinations (25 in tests); points of a further combination are rejected with a reason naming the limit, on HTTP and
 * from Kafka, while points of the combinations it has, and points without dimensions, still count.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class DimensionLimitTest {

    static final int LIMIT = 25;

    @Test
    void pointsOfANewCombinationBeyondTheLimitAreRejectedWithTheirReason() {
        String metric = Metrics.register(Metrics.key("cardinality"), "sum", "user");
        Instant day = Metrics.daysAgo(3);
        // 30 combinations in one request: the first 25 are taken, the last 5 rejected
        StringBuilder ndjson = new StringBuilder();
        for (int user = 0; user < 30; user++) {
            ndjson.append(point(metric, day.plusSeconds(user), "u" + user));
        }
        Metrics.postPoints(ndjson)
                .statusCode(202)
                .body("accepted", equalTo(LIMIT))
                .body("rejected", equalTo(5))
                .body("rejections.line", equalTo(List.of(26, 27, 28, 29, 30)))
                .body(
                        "rejections.reason",
                        everyItem(equalTo("dimensions: " + metric + " already has 25 dimension combinations, its"
                                + " limit (whatmoved.metrics.max-dimension-combinations); points of a new combination"
                                + " are rejected")));

        // known combinations and points without dimensions still count; a new one does not
        String more = point(metric, day.plusSeconds(100), "u3")
                + "{\"metric\":\"" + metric + "\",\"timestamp\":\"" + day.plusSeconds(101) + "\",\"value\":1}\n"
                + point(metric, day.plusSeconds(102), "u99");
        Metrics.postPoints(more)
                .statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejections[0].line", equalTo(3))
                .body("rejections[0].reason", containsString("already has 25 dimension combinations"));

        // the all-or-nothing endpoint names the point
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body("[{\"timestamp\": \"" + day.plusSeconds(200) + "\", \"value\": 1, \"dimensions\": {\"user\":"
                        + " \"u100\"}}]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("[0].dimensions"))
                .body("errors[0].message", containsString("already has 25 dimension combinations"));

        // from Kafka: dead-lettered with the reason
        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                "{\"timestamp\": \"" + day.plusSeconds(300) + "\", \"value\": 1, \"dimensions\": {\"user\": \"u7\"}}\n"
                        + "{\"timestamp\": \"" + day.plusSeconds(301)
                        + "\", \"value\": 1, \"dimensions\": {\"user\": \"u200\"}}\n",
                List.of());
        var dead = PublishedEvents.awaitRecord(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                Topics.deadLetter(Topics.METRIC_POINTS),
                r -> metric.equals(r.key()));
        assertThat(PublishedEvents.headerValue(dead, "dead-letter-reason"))
                .startsWith("1 of 2 points rejected: line 2: dimensions: " + metric + " already has 25");
        assertThat(dead.value()).contains("u200").doesNotContain("u7");

        caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .get("/api/metrics/" + metric + "/series")
                .then()
                .statusCode(200)
                .body("buckets[0].count", equalTo(LIMIT + 2 + 1));
    }

    private static String point(String metric, Instant at, String user) {
        return "{\"metric\":\"" + metric + "\",\"timestamp\":\"" + at + "\",\"value\":1,\"dimensions\":{\"user\":\""
                + user + "\"}}\n";
    }
}
