package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Values no point can hold are refused on the paths a user sends them by, naming the field: a value beyond ±1e15
 * (two points of 1e308 made a bucket's sum infinite), a control character in a dimension, a key twice in a point.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class ImpossiblePointsTest {

    @Test
    void twoHugeValuesThatWouldMakeAnInfiniteSumAreRefusedAtTheDoor() {
        String metric = Metrics.register(Metrics.key("impossible.huge"), "sum", "country");
        Instant day = Metrics.daysAgo(3);
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"%s\", \"value\": 1e308}, {\"timestamp\": \"%s\", \"value\": 1e308}]"
                        .formatted(day.plusSeconds(60), day.plusSeconds(120)))
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("[0].value", "[1].value"))
                .body("errors[0].message", startsWith("1.0E308 is beyond the limit of ±1e15"));
        Metrics.postPoints("{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": -1e16}\n"
                        .formatted(metric, day.plusSeconds(60)))
                .statusCode(422)
                .body("errors[0].field", equalTo("line 1.value"))
                .body("errors[0].message", startsWith("-1.0E16 is beyond the limit"));
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 0);
    }

    @Test
    void aControlCharacterInADimensionIsRefusedNamingTheDimensionOnEveryPath() {
        String metric = Metrics.register(Metrics.key("impossible.control"), "sum", "country");
        Instant day = Metrics.daysAgo(3);
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("[{\"timestamp\": \"%s\", \"value\": 1, \"dimensions\": {\"country\": \"de\\u2028fr\"}}]"
                        .formatted(day.plusSeconds(60)))
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("[0].dimensions.country"))
                .body("errors[0].message", startsWith("the value holds the control character U+2028"));

        Metrics.postPoints(("{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": 1, \"dimensions\": {\"country\":"
                                + " \"\\u001b[2Jde\"}}\n"
                                + "{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": 2, \"dimensions\": {\"country\":"
                                + " \"fr\"}}\n")
                        .formatted(metric, day.plusSeconds(60), metric, day.plusSeconds(61)))
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejections[0].line", equalTo(1))
                .body(
                        "rejections[0].reason",
                        startsWith("dimensions.country: the value holds the control character U+001B"));

        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body("{\"timestamp\": \"%s\", \"value\": 1, \"dimensions\": {\"country\": \"de\\u0000\"}}\n"
                        .formatted(Metrics.daysAgo(400))
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/history")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("line 1.dimensions.country"));
        assertThat(Metrics.dayTotal(metric, day, "country:fr")).containsEntry("count", 1);
    }

    @Test
    void aKeyTwiceInAPointIsRefusedNamingTheKey() {
        String metric = Metrics.register(Metrics.key("impossible.twice"), "sum");
        Instant day = Metrics.daysAgo(3);
        Metrics.postPoints("{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": 1, \"value\": 1000}\n"
                        .formatted(metric, day.plusSeconds(60)))
                .statusCode(422)
                .body("errors[0].field", equalTo("line 1.value"))
                .body("errors[0].message", startsWith("appears twice in the point"));
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body("{\"timestamp\": \"%s\", \"timestamp\": \"%s\", \"value\": 1}\n"
                        .formatted(Metrics.daysAgo(400), Metrics.daysAgo(401))
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/history")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("line 1.timestamp"))
                .body("errors[0].message", startsWith("appears twice"));
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 0);
    }
}
