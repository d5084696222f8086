package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class CsvAndOtlpTest {

    @Test
    void backfillsFromCsvWithDimensionColumnsAndNamesEachBadRow() {
        String metric = Metrics.register(Metrics.key("csv.orders"), "sum", "country", "plan");
        Instant day = Metrics.daysAgo(30);
        String csv = "timestamp,value,country,plan\n"
                + day.plusSeconds(3600) + ",10,de,pro\n"
                + day.plusSeconds(3660) + ",5,\"de\",\n"
                + day.plusSeconds(3720) + ",abc,de,pro\n"
                + day.plusSeconds(3780) + ",1,de\n"
                + "not-a-time,1,de,pro\n"
                + day.plusSeconds(7200) + ",2.5,fr,free\n";
        // malformed rows refuse the file, naming each line; nothing of it is stored
        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/csv")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("line 4.value", "line 5", "line 6.timestamp"))
                .body("errors[0].message", equalTo("cannot read 'abc' as a number"))
                .body("errors[1].message", containsString("has 3 fields, the header 4"))
                .body("errors[2].message", containsString("cannot read 'not-a-time'"));
        assertThat(Metrics.dayTotal(metric, day, "")).containsEntry("count", 0);

        // a row that is read but not valid (a dimension value with a control character) is rejected on its own
        String readable = "timestamp,value,country,plan\n"
                + day.plusSeconds(3600) + ",10,de,pro\n"
                + day.plusSeconds(3660) + ",5,\"de\",\n"
                + day.plusSeconds(3720) + ",1,\"de\u0000\",pro\n"
                + day.plusSeconds(7200) + ",2.5,fr,free\n";
        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(readable.getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/csv")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(3))
                .body("rejections.line", contains(4))
                .body(
                        "rejections[0].reason",
                        startsWith("dimensions.country: the value holds the control character U+0000"));
        series(metric, day, "").body("buckets[0].value", equalTo(17.5f));
        series(metric, day, "country:de").body("buckets[0].value", equalTo(5.0f));
        series(metric, day, "country:de,plan:pro").body("buckets[0].value", equalTo(10.0f));

        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body("timestamp,value,browser\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/" + metric + "/csv")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("header.browser"));
        caller(Scopes.METRICS_WRITE)
                .contentType("text/csv")
                .body(("timestamp,value\n" + day + ",1\n").getBytes(StandardCharsets.UTF_8))
                .post("/api/metrics/csv.never.registered/csv")
                .then()
                .statusCode(422);
    }

    /**
     * A request shaped as the Collector's otlphttp exporter sends it (protobuf): a resource with service attributes,
     * a scope, a cumulative monotonic counter reported twice, a delta histogram and a gauge.
     */
    @Test
    void takesOtlpProtobufTurningCumulativeSumsIntoDeltasPerSeries() throws Exception {
        String requests = Metrics.register(Metrics.key("http.server.requests"), "sum", "service.name", "http.route");
        String latency = Metrics.register(Metrics.key("http.server.duration"), "mean", "http.route");
        String queue = Metrics.register(Metrics.key("queue.depth"), "last");
        Instant start = Instant.now().minus(10, ChronoUnit.MINUTES);
        Instant t1 = Instant.now().minus(5, ChronoUnit.MINUTES);
        Instant t2 = Instant.now().minus(4, ChronoUnit.MINUTES);
        ExportMetricsServiceRequest first = request(
                counter(requests, start, t1, 100),
                histogram(latency, t1, 4, 1000.0),
                gauge(queue, t1, 7),
                gauge("unregistered.metric", t1, 1));
        ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(caller(Scopes.METRICS_WRITE)
                .contentType("application/x-protobuf")
                .body(first.toByteArray())
                .post("/v1/metrics")
                .then()
                .statusCode(200)
                .contentType("application/x-protobuf")
                .extract()
                .asByteArray());
        assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("unknown metric 'unregistered.metric'");

        // the counter again, same start, gzip-compressed as the Collector sends by default: only its increase
        // (130 - 100) counts; and once more repeated: nothing
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write(request(counter(requests, start, t2, 130)).toByteArray());
        }
        for (int i = 0; i < 2; i++) {
            caller(Scopes.METRICS_WRITE)
                    .contentType("application/x-protobuf")
                    .header("Content-Encoding", "gzip")
                    .body(gzipped.toByteArray())
                    .post("/v1/metrics")
                    .then()
                    .statusCode(200);
        }
        Instant day = t1.truncatedTo(ChronoUnit.DAYS);
        // the counter started 5 minutes before its first report: its first total counts
        series(requests, day, "").body("buckets[0].sum", equalTo(130.0f));
        series(requests, day, "service.name:checkout,http.route:/pay").body("buckets[0].sum", equalTo(130.0f));
        series(latency, day, "").body("buckets[0].value", equalTo(250.0f)).body("buckets[0].count", equalTo(4));
        series(queue, day, "").body("buckets[0].value", equalTo(7.0f));
    }

    @Test
    void takesOtlpJsonAndRejectsABodyThatIsNotOtlp() {
        String gauge = Metrics.register(Metrics.key("otlp.json.gauge"), "last", "host");
        long t = Instant.now().minus(1, ChronoUnit.MINUTES).toEpochMilli() * 1_000_000L;
        String json = "{\"resourceMetrics\": [{\"resource\": {\"attributes\": [{\"key\": \"host\", \"value\":"
                + " {\"stringValue\": \"web-1\"}}]}, \"scopeMetrics\": [{\"scope\": {\"name\": \"app\"}, \"metrics\":"
                + " [{\"name\": \"" + gauge + "\", \"unit\": \"1\", \"gauge\": {\"dataPoints\": [{\"timeUnixNano\": \""
                + t + "\", \"asInt\": \"42\", \"attributes\": [{\"key\": \"pod\", \"value\": {\"stringValue\":"
                + " \"a\"}}]}, {\"timeUnixNano\": \"" + t + "\", \"asDouble\": 3.5}]}}]}]}]}";
        caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body(json)
                .post("/v1/metrics")
                .then()
                .statusCode(200)
                .body("partialSuccess.rejectedDataPoints", equalTo("1"))
                .body("partialSuccess.errorMessage", containsString("dimensions.pod: not a dimension"));
        Instant day = Instant.ofEpochSecond(t / 1_000_000_000L).truncatedTo(ChronoUnit.DAYS);
        series(gauge, day, "host:web-1").body("buckets[0].value", equalTo(3.5f));

        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-protobuf")
                .body(new byte[] {(byte) 0xff, 0x01, 0x02})
                .post("/v1/metrics")
                .then()
                .statusCode(400)
                .contentType("application/x-protobuf"); // a google.rpc.Status (OtlpConventionsTest)
    }

    private static ValidatableResponse series(String metric, Instant day, String dims) {
        return Metrics.daySeries(metric, day, dims).body("buckets", hasSize(1));
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attribute("service.name", "checkout"))
                                .addAttributes(attribute("telemetry.sdk.language", "java")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.http"))
                                .addAllMetrics(java.util.List.of(metrics))))
                .build();
    }

    private static Metric counter(String name, Instant start, Instant at, long total) {
        return Metric.newBuilder()
                .setName(name)
                .setSum(Sum.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .setIsMonotonic(true)
                        .addDataPoints(NumberDataPoint.newBuilder()
                                .setStartTimeUnixNano(nanos(start))
                                .setTimeUnixNano(nanos(at))
                                .setAsInt(total)
                                .addAttributes(attribute("http.route", "/pay"))))
                .build();
    }

    private static Metric histogram(String name, Instant at, long count, double sum) {
        return Metric.newBuilder()
                .setName(name)
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .setStartTimeUnixNano(nanos(at.minusSeconds(60)))
                                .setTimeUnixNano(nanos(at))
                                .setCount(count)
                                .setSum(sum)
                                .setMin(100)
                                .setMax(400)
                                .addExplicitBounds(250)
                                .addBucketCounts(2)
                                .addBucketCounts(2)))
                .build();
    }

    private static Metric gauge(String name, Instant at, double value) {
        return Metric.newBuilder()
                .setName(name)
                .setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                        .addDataPoints(NumberDataPoint.newBuilder()
                                .setTimeUnixNano(nanos(at))
                                .setAsDouble(value)))
                .build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
