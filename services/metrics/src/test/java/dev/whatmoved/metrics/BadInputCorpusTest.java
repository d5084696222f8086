package dev.whatmoved.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.rollup.StagingApplier;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.corpus.BadInputCorpus;
import dev.whatmoved.testing.corpus.DatabaseFingerprint;
import dev.whatmoved.testing.corpus.Endpoint;
import dev.whatmoved.testing.corpus.RawResponse;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint of the metrics service against the bad-input corpus (docs/development.md): each bad request
 * refused with a 4xx problem (OTLP's {@code /v1/metrics}: a {@code google.rpc.Status}, as its protocol requires),
 * nothing stored, the service ready and the next valid request served.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class BadInputCorpusTest {

    private static final AtomicLong N = new AtomicLong();

    @TestHTTPResource("/")
    URI base;

    @Inject
    StagingApplier applier;

    @Test
    void everyWriteEndpointRefusesEveryClassOfBadInputAndKeepsServing() throws Exception {
        String metric = Metrics.register(Metrics.key("corpus"), "sum", "country");
        String at = Instant.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .minus(1, ChronoUnit.HOURS)
                .toString();
        String point = "{\"timestamp\": \"" + at + "\", \"value\": 1.5, \"dimensions\": {\"country\": \"de\"}}";
        String namedPoint = "{\"metric\": \"" + metric + "\", \"timestamp\": \"" + at
                + "\", \"value\": 1.5, \"dimensions\": {\"country\": \"de\"}}";
        try (DatabaseFingerprint stored = DatabaseFingerprint.of(
                        EmbeddedPlatform.get().jdbcUrl("metrics"))
                // points wait in rollup_staging until the applier adds them up: read once it is empty
                .settledWhen("select not exists (select 1 from rollup_staging)")
                .count("metric")
                .query("staged rows taken", "select last_value from rollup_staging_id_seq")
                .count("staging_quarantine")
                .count("otlp_series")
                .query("rollups", "select count(*) || '/' || coalesce(sum(revision), 0) from rollup")) {
            new BadInputCorpus("metrics", base)
                    .limit(10L * 1024 * 1024)
                    // the valid sample sent after each class waits in the staging table: apply it at once (as a series
                    // read does) rather than at the applier's pace, so the fingerprint settles in milliseconds
                    .fingerprint(() -> {
                        applier.hurry();
                        return stored.get();
                    })
                    // a valid source starts pulls into the rollups this corpus fingerprints; PullSqlTest and
                    // PullPrometheusTest check its input (400 naming each field)
                    .exempt("PUT", "/api/metrics/{key}/source", "a valid source pulls into the fingerprinted rollups")
                    .exempt("DELETE", "/api/metrics/{key}/source", "removes a source (no body)")
                    .exempt("POST", "/api/metrics/{key}/source/pull", "starts a pull (no body)")
                    .endpoint(Endpoint.post("/api/metrics")
                            .scope(Scopes.METRICS_WRITE)
                            .json(() ->
                                    """
                                    {"key": "corpus.registered-%d", "name": "Corpus", "unit": "ms",
                                     "aggregation": "sum", "goodDirection": "up", "dimensions": ["country"],
                                     "description": "a metric of the bad-input corpus"}
                                    """
                                            .formatted(N.incrementAndGet())))
                    .endpoint(Endpoint.post("/api/metrics/{key}/points")
                            .scope(Scopes.METRICS_WRITE)
                            .path(() -> "/api/metrics/" + metric + "/points")
                            .json(() -> "[" + point + "]"))
                    .endpoint(Endpoint.post("/api/points")
                            .scope(Scopes.METRICS_WRITE)
                            .json(() -> "[" + namedPoint + "]"))
                    .endpoint(Endpoint.post("/api/points")
                            .scope(Scopes.METRICS_WRITE)
                            .ndjson("application/x-ndjson", () -> namedPoint))
                    .endpoint(Endpoint.post("/api/points")
                            .scope(Scopes.METRICS_WRITE)
                            .ndjson("text/plain", () -> namedPoint))
                    .endpoint(Endpoint.post("/api/metrics/{key}/csv")
                            .scope(Scopes.METRICS_WRITE)
                            .path(() -> "/api/metrics/" + metric + "/csv")
                            .csv("text/csv", () -> "timestamp,value,country\n" + at + ",1.5,de\n")
                            .required("timestamp", "value"))
                    .endpoint(Endpoint.post("/api/metrics/{key}/history")
                            .scope(Scopes.METRICS_WRITE)
                            .path(() -> "/api/metrics/" + metric + "/history")
                            .csv("text/csv", () -> "timestamp,value,country\n2016-03-01T00:00:00Z,1.5,de\n")
                            .required("timestamp", "value"))
                    .endpoint(Endpoint.post("/api/metrics/{key}/history")
                            .scope(Scopes.METRICS_WRITE)
                            .path(() -> "/api/metrics/" + metric + "/history")
                            .json(() -> "[{\"timestamp\": \"2016-03-02T00:00:00Z\", \"value\": 1.5,"
                                    + " \"dimensions\": {\"country\": \"de\"}}]"))
                    .endpoint(Endpoint.post("/v1/metrics")
                            .scope(Scopes.METRICS_WRITE)
                            .protobuf(
                                    "application/x-protobuf", () -> otlp(metric).toByteArray())
                            .refusal(OTLP_REFUSAL, BadInputCorpusTest::everyPointRejected)
                            .errorBody(OTLP_ERROR, BadInputCorpusTest::isRpcStatus))
                    .endpoint(Endpoint.post("/v1/metrics")
                            .scope(Scopes.METRICS_WRITE)
                            .json(() -> {
                                try {
                                    return JsonFormat.printer().print(otlp(metric));
                                } catch (InvalidProtocolBufferException e) {
                                    throw new IllegalStateException(e);
                                }
                            })
                            .refusal(OTLP_REFUSAL, BadInputCorpusTest::everyPointRejected)
                            .errorBody(OTLP_ERROR, BadInputCorpusTest::isRpcStatus))
                    .run();
        }
    }

    private static final String OTLP_REFUSAL = "OTLP/HTTP answers data points it cannot take with 200 and"
            + " partialSuccess.rejectedDataPoints (the specification's refusal); the sample has one data point";

    private static final String OTLP_ERROR =
            "a google.rpc.Status (OTLP/HTTP's error body, protobuf or JSON), with its" + " code and a message";

    /** OTLP/HTTP's 4xx: a google.rpc.Status with a code and a message, not problem+json (docs/metrics.md). */
    private static boolean isRpcStatus(RawResponse response) {
        try {
            RpcStatus status = RpcStatus.of(response.contentType(), response.body());
            return status.code() != 0 && !status.message().isBlank();
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static boolean everyPointRejected(RawResponse response) {
        if (response.status() != 200) {
            return false;
        }
        try {
            if (response.contentType() != null && response.contentType().startsWith("application/json")) {
                ExportMetricsServiceResponse.Builder parsed = ExportMetricsServiceResponse.newBuilder();
                JsonFormat.parser().merge(response.text(), parsed);
                return parsed.getPartialSuccess().getRejectedDataPoints() >= 1;
            }
            return ExportMetricsServiceResponse.parseFrom(response.body())
                            .getPartialSuccess()
                            .getRejectedDataPoints()
                    >= 1;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** One gauge data point of {@code metric}, an hour ago, with a country. */
    private static ExportMetricsServiceRequest otlp(String metric) {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder()
                                        .setName(metric)
                                        .setGauge(Gauge.newBuilder()
                                                .addDataPoints(NumberDataPoint.newBuilder()
                                                        .setTimeUnixNano(
                                                                at.getEpochSecond() * 1_000_000_000L + at.getNano())
                                                        .setAsDouble(1.5)
                                                        .addAttributes(KeyValue.newBuilder()
                                                                .setKey("country")
                                                                .setValue(AnyValue.newBuilder()
                                                                        .setStringValue("de"))))))))
                .build();
    }
}
