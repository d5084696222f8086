package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OTLP/HTTP as a Collector's otlphttp exporter expects it: errors are a google.rpc.Status in the request's encoding
 * (with the status codes it retries or drops on), and metric names follow OpenTelemetry's rules.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class OtlpConventionsTest {

    @Inject
    Pool pool;

    @Test
    void aBodyThatIsNotOtlpIsAnsweredWithAStatusInTheRequestsEncoding() throws Exception {
        ExtractableResponse<Response> protobuf = caller(Scopes.METRICS_WRITE)
                .contentType("application/x-protobuf")
                .body(new byte[] {(byte) 0xff, 0x01, 0x02})
                .post("/v1/metrics")
                .then()
                .statusCode(400)
                .contentType("application/x-protobuf")
                .extract();
        RpcStatus status = RpcStatus.protobuf(protobuf.asByteArray());
        assertThat(status.code()).isEqualTo(3); // INVALID_ARGUMENT
        assertThat(status.message()).contains("not an OTLP metrics request");

        ExtractableResponse<Response> json = caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body("{\"resourceMetrics\": [}")
                .post("/v1/metrics")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .extract();
        RpcStatus jsonStatus = RpcStatus.json(json.asByteArray());
        assertThat(jsonStatus.code()).isEqualTo(3);
        assertThat(jsonStatus.message()).contains("not valid JSON");
    }

    @Test
    void anUnsupportedTypeIs415NamingTheTypesTaken() throws Exception {
        ExtractableResponse<Response> answer = caller(Scopes.METRICS_WRITE)
                .contentType("text/plain")
                .body("resourceMetrics")
                .post("/v1/metrics")
                .then()
                .statusCode(415)
                .header("Accept-Post", equalTo("application/x-protobuf, application/json"))
                .contentType("application/x-protobuf")
                .extract();
        assertThat(RpcStatus.protobuf(answer.asByteArray()).message()).isNotBlank();

        // a content encoding other than gzip: 415 naming the encoding taken
        ExtractableResponse<Response> encoding = caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .header("Content-Encoding", "br")
                .body("{}")
                .post("/v1/metrics")
                .then()
                .statusCode(415)
                .header("Accept-Encoding", "gzip")
                .contentType("application/json")
                .extract();
        assertThat(RpcStatus.json(encoding.asByteArray()).message()).contains("Content-Encoding br");
    }

    @Test
    void aMissingTokenIsAStatusToo() throws Exception {
        ExtractableResponse<Response> anonymous = given().contentType("application/x-protobuf")
                .body(request(gauge("otlp.anonymous", Instant.now(), 1)).toByteArray())
                .post("/v1/metrics")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/x-protobuf")
                .extract();
        assertThat(RpcStatus.protobuf(anonymous.asByteArray()).code()).isEqualTo(16); // UNAUTHENTICATED

        // (the HTTP router's refusals, e.g. a body over the limit, are held to the same in BadInputCorpusTest)
    }

    /**
     * The database drops the connection mid-export (a trigger terminates the session, for this metric only): 503 with
     * Retry-After and UNAVAILABLE, which the Collector retries; the retry is taken once the database serves again.
     */
    @Test
    void anExportTheDatabaseCannotServeIs503WithRetryAfterAndTheRetryCounts() throws Exception {
        String metric = Metrics.register(Metrics.key("otlp.outage"), "sum");
        Instant start = Instant.now().minus(10, ChronoUnit.MINUTES);
        Instant at = Instant.now().minus(5, ChronoUnit.MINUTES);
        byte[] export = request(counter(metric, start, at, 40)).toByteArray();
        String trigger = "test_outage_" + Integer.toHexString(metric.hashCode() & 0x7fffffff);
        sql("create or replace function " + trigger + "() returns trigger language plpgsql as $$ begin"
                + " if new.metric = '" + metric + "' then perform pg_terminate_backend(pg_backend_pid()); end if;"
                + " return new; end $$");
        sql("create or replace trigger " + trigger + " before insert or update on rollup for each row"
                + " execute function " + trigger + "()");
        try {
            ExtractableResponse<Response> outage = caller(Scopes.METRICS_WRITE)
                    .contentType("application/x-protobuf")
                    .body(export)
                    .post("/v1/metrics")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .contentType("application/x-protobuf")
                    .extract();
            assertThat(RpcStatus.protobuf(outage.asByteArray()).code()).isEqualTo(14); // UNAVAILABLE
        } finally {
            sql("drop trigger " + trigger + " on rollup");
        }
        caller(Scopes.METRICS_WRITE)
                .contentType("application/x-protobuf")
                .body(export)
                .post("/v1/metrics")
                .then()
                .statusCode(200);
        Metrics.daySeries(metric, at.truncatedTo(ChronoUnit.DAYS), "").body("buckets[0].sum", equalTo(40.0f));
    }

    @Test
    void metricNamesAreCaseInsensitiveAndTakeSlashesAsDots() throws Exception {
        String key = Metrics.key("otlp.names");
        Metrics.register(key, "sum");
        String suffix = key.substring("otlp.names.".length());
        Instant at = Instant.now().minus(2, ChronoUnit.MINUTES);
        String tooLong = "a".repeat(129);
        ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(caller(Scopes.METRICS_WRITE)
                .contentType("application/x-protobuf")
                .body(request(
                                gauge("OTLP.Names." + suffix.toUpperCase(), at, 1),
                                gauge("otlp/names/" + suffix, at.plusSeconds(1), 2),
                                gauge("Otlp/Names." + suffix, at.plusSeconds(2), 4),
                                gauge("otlp:names:" + suffix, at, 8),
                                gauge(tooLong, at, 16))
                        .toByteArray())
                .post("/v1/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
        assertThat(answer.getPartialSuccess().getErrorMessage())
                .contains("data point 3 (metric name 'otlp:names:" + suffix + "': is no catalogue key")
                .contains("data point 4 (metric name '" + "a".repeat(57) + "...'")
                .contains("has 129 characters; a catalogue key has at most 128");
        Metrics.daySeries(key, at.truncatedTo(ChronoUnit.DAYS), "")
                .body("buckets[0].sum", equalTo(7.0f))
                .body("buckets[0].count", equalTo(3));
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
                .build();
    }

    private static Metric gauge(String name, Instant at, double value) {
        return Metric.newBuilder()
                .setName(name)
                .setGauge(Gauge.newBuilder()
                        .addDataPoints(NumberDataPoint.newBuilder()
                                .setTimeUnixNano(nanos(at))
                                .setAsDouble(value)))
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
                                .setAsInt(total)))
                .build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
