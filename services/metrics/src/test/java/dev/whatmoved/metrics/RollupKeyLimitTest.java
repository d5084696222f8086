package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 1: a point whose dimensions are each within the limits (10 declared names of 63 characters, values of
 * 200) but whose rollup key would not fit the rollup table's primary key (PostgreSQL caps a btree entry at 2,704 bytes)
 * must be refused at the door on every path, naming the field, and what the door takes must always reach the rollups.
 * Accepted, such a point stopped the staging applier for good (and with it every point sent over HTTP, CSV and OTLP).
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class RollupKeyLimitTest {

    private static final String TOO_LONG = "dimensions: 2,691 bytes in all, at most 1,024";

    private final Random random = new Random(22);

    /** 10 dimension names of 63 characters, each a valid name ({@code [a-z][a-z0-9_.-]{0,62}}). */
    private final List<String> names = randomNames();

    @Test
    void aPointWhoseDimensionsTakeMoreThan1024BytesIsRefusedOnEveryPathAndTheOthersArrive() throws Exception {
        String metric = Metrics.register(Metrics.key("limits"), "sum", names.toArray(String[]::new));
        Instant day = Metrics.daysAgo(2);
        // random letters and digits: the database cannot compress them into its limit
        Map<String, String> tooLong = dimensions(200);
        // the same names with 33-character values: 1,021 bytes, taken and applied
        Map<String, String> justFits = dimensions(33);

        // the all-or-nothing endpoint: 400 naming the point's field (it was a 500 from the database)
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body("[" + pointJson(null, day.plusSeconds(60), 1, tooLong) + "]")
                .post("/api/metrics/" + metric + "/points")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("[0].dimensions"))
                .body("errors[0].message", startsWith("2,691 bytes in all, at most 1,024"));

        // NDJSON: the point is rejected by line, the valid ones of the body are taken (202); alone, 422 naming it
        Metrics.postPoints(pointJson(metric, day.plusSeconds(120), 1000, tooLong) + "\n"
                        + pointJson(metric, day.plusSeconds(180), 1, Map.of()) + "\n"
                        + pointJson(metric, day.plusSeconds(240), 2, justFits) + "\n")
                .statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejections[0].line", equalTo(1))
                .body("rejections[0].reason", startsWith(TOO_LONG));
        Metrics.postPoints(pointJson(metric, day.plusSeconds(300), 1000, tooLong) + "\n")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("line 1.dimensions"))
                .body("errors[0].message", startsWith(TOO_LONG.substring("dimensions: ".length())));

        // CSV: the row is rejected by line
        String csv = "timestamp,value," + String.join(",", names) + "\n"
                + day.plusSeconds(360) + ",1000," + String.join(",", tooLong.values()) + "\n"
                + day.plusSeconds(420) + ",4," + String.join(",", justFits.values()) + "\n";
        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/csv")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejections[0].line", equalTo(2))
                .body("rejections[0].reason", startsWith(TOO_LONG));

        // OTLP: the data point is counted in partialSuccess with its reason
        ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(caller(Scopes.METRICS_WRITE)
                .contentType("application/x-protobuf")
                .body(otlp(metric, day.plusSeconds(480), tooLong, day.plusSeconds(540), justFits)
                        .toByteArray())
                .post("/v1/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains(metric + ": " + TOO_LONG);

        // Kafka: the point is dead-lettered with the reason, the valid one of the record counts
        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                pointJson(null, day.plusSeconds(600), 1000, tooLong) + "\n"
                        + pointJson(null, day.plusSeconds(660), 16, justFits) + "\n",
                List.of());
        var dead = PublishedEvents.awaitRecord(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                Topics.deadLetter(Topics.METRIC_POINTS),
                r -> metric.equals(r.key()));
        assertThat(PublishedEvents.headerValue(dead, "dead-letter-reason"))
                .startsWith("1 of 2 points rejected: line 1: " + TOO_LONG);
        assertThat(dead.value()).contains(tooLong.values().iterator().next());

        // everything taken reached the rollups: 1 + 2 + 4 + 8 + 16
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        Metrics.dayTotal(metric, day, ""))
                .containsEntry("count", 5)
                .containsEntry("sum", 31.0f));
        String sliceOfJustFits = justFits.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        Metrics.daySeries(metric, day, sliceOfJustFits)
                .body("buckets[0].count", equalTo(4))
                .body("buckets[0].sum", equalTo(30.0f));
    }

    private List<String> randomNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add("d" + i + randomText(61, "abcdefghijklmnopqrstuvwxyz0123456789"));
        }
        return out;
    }

    private Map<String, String> dimensions(int valueLength) {
        Map<String, String> dims = new TreeMap<>();
        for (String name : names) {
            dims.put(name, randomText(valueLength, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        }
        return dims;
    }

    private String randomText(int length, String alphabet) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String pointJson(String metric, Instant at, double value, Map<String, String> dims) {
        String dimensions = dims.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", "));
        return "{" + (metric == null ? "" : "\"metric\": \"" + metric + "\", ") + "\"timestamp\": \"" + at
                + "\", \"value\": " + value + (dims.isEmpty() ? "" : ", \"dimensions\": {" + dimensions + "}") + "}";
    }

    private static ExportMetricsServiceRequest otlp(
            String metric,
            Instant rejectedAt,
            Map<String, String> rejected,
            Instant takenAt,
            Map<String, String> taken) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder()
                                        .setName(metric)
                                        .setGauge(Gauge.newBuilder()
                                                .addDataPoints(dataPoint(rejectedAt, 1000, rejected))
                                                .addDataPoints(dataPoint(takenAt, 8, taken))))))
                .build();
    }

    private static NumberDataPoint dataPoint(Instant at, double value, Map<String, String> attributes) {
        NumberDataPoint.Builder point = NumberDataPoint.newBuilder()
                .setTimeUnixNano(at.getEpochSecond() * 1_000_000_000L)
                .setAsDouble(value);
        attributes.forEach((k, v) -> point.addAttributes(
                KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v))));
        return point.build();
    }
}
