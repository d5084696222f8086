package dev.whatmoved.metrics;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.AccessMatrix;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class AccessControlTest {

    @Test
    void everyEndpointAnswersEachCallerExactlyAsItsScopeAllows() throws Exception {
        String metric = Metrics.register(Metrics.key("access.matrix"), "sum", "country");
        String at = Metrics.daysAgo(1).toString();
        AtomicInteger n = new AtomicInteger();
        String source = "{\"kind\": \"sql\", \"connection\": \"test\", \"query\": \"select now() as timestamp,"
                + " 1 as value\", \"every\": \"PT1H\"}";
        putSource(metric, source);
        new AccessMatrix()
                .post(
                        "/api/metrics",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics",
                        () -> "{\"key\": \"access.matrix.new-" + n.incrementAndGet()
                                + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\"}")
                .get("/api/metrics", Scopes.READ, () -> "/api/metrics")
                .get("/api/metrics/{key}", Scopes.READ, () -> "/api/metrics/" + metric)
                .get("/api/metrics/{key}/series", Scopes.READ, () -> "/api/metrics/" + metric + "/series")
                .post(
                        "/api/metrics/{key}/points",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics/" + metric + "/points",
                        () -> "[{\"timestamp\": \"" + at + "\", \"value\": 1}]")
                .post(
                        "/api/points",
                        Scopes.METRICS_WRITE,
                        () -> "/api/points",
                        () -> "{\"metric\": \"" + metric + "\", \"timestamp\": \"" + at + "\", \"value\": 1}")
                .post(
                        "/api/metrics/{key}/csv",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics/" + metric + "/csv",
                        () -> "timestamp,value,country\n" + at + ",1,de\n")
                .post(
                        "/api/metrics/{key}/history",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics/" + metric + "/history",
                        () -> "timestamp,value,country\n2016-03-01T00:00:00Z,1,de\n")
                .put(
                        "/api/metrics/{key}/source",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics/" + metric + "/source",
                        () -> source)
                .get("/api/metrics/{key}/source", Scopes.READ, () -> "/api/metrics/" + metric + "/source")
                .post(
                        "/api/metrics/{key}/source/pull",
                        Scopes.METRICS_WRITE,
                        () -> "/api/metrics/" + metric + "/source/pull",
                        () -> "")
                .delete("/api/metrics/{key}/source", Scopes.METRICS_WRITE, () -> {
                    String pulled = Metrics.register(Metrics.key("access.pulled"), "sum");
                    putSource(pulled, source);
                    return "/api/metrics/" + pulled + "/source";
                })
                .get("/api/metric-sources", Scopes.READ, () -> "/api/metric-sources")
                .post("/v1/metrics", Scopes.METRICS_WRITE, () -> "/v1/metrics", () -> "{\"resourceMetrics\": []}")
                // OTLP/HTTP answers its errors as a google.rpc.Status (docs/metrics.md), here JSON as the request
                .errorBody("POST", "/v1/metrics", response -> {
                    try {
                        return RpcStatus.of(response.contentType(), response.asByteArray())
                                .message();
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError("not a google.rpc.Status: " + response.asString(), e);
                    }
                })
                .assertCoversEveryOperation()
                .assertEnforced()
                .assertNoTokenLogged(Path.of("target/service-test.log"));
    }

    /**
     * Removes every source this test defined (the DELETE row defines one per caller, and most callers may not delete):
     * later test classes share the database, and a source left behind would keep pulling into rollups they count.
     */
    @AfterEach
    void removeSources() {
        java.util.List<String> metrics = TestTokens.caller(Scopes.READ)
                .get("/api/metric-sources")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("metric", String.class);
        for (String metric : metrics) {
            if (metric.startsWith("access.")) {
                TestTokens.caller(Scopes.METRICS_WRITE).delete("/api/metrics/" + metric + "/source");
            }
        }
    }

    private static void putSource(String metric, String source) {
        TestTokens.caller(Scopes.METRICS_WRITE)
                .contentType("application/json")
                .body(source)
                .put("/api/metrics/" + metric + "/source")
                .then()
                .statusCode(201);
    }
}
