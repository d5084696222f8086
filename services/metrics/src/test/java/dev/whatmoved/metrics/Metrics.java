package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;

import dev.whatmoved.kit.security.Scopes;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Test helpers: register metrics, make timestamps the late limit accepts, read a day's totals. */
final class Metrics {

    private Metrics() {}

    /** A fresh metric key, so tests sharing the database do not see each other's points. */
    static String key(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Posts NDJSON points to {@code /api/points} with the write scope; the answer, to check. */
    static ValidatableResponse postPoints(CharSequence ndjson) {
        return caller(Scopes.METRICS_WRITE)
                .contentType("application/x-ndjson")
                .body(ndjson.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/points")
                .then();
    }

    static String register(String key, String aggregation, String... dimensions) {
        String dims = Arrays.stream(dimensions).map(d -> "\"" + d + "\"").collect(Collectors.joining(","));
        caller(Scopes.METRICS_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"key\": \"" + key + "\", \"aggregation\": \"" + aggregation
                        + "\", \"goodDirection\": \"up\", \"dimensions\": [" + dims + "]}")
                .post("/api/metrics")
                .then()
                .statusCode(201);
        return key;
    }

    /** Midnight UTC {@code days} ago: a day the late limit (120 days) still accepts. */
    static Instant daysAgo(int days) {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).minus(days, ChronoUnit.DAYS);
    }

    /**
     * The day's bucket of the series API (its {@code sum}, {@code count}, ...) for the points with {@code dims} ("" for
     * all points), or a sum and count of 0 while there is none.
     */
    /** The series API's answer (200) for one day of {@code metric}'s points with {@code dims} ("" for all). */
    static ValidatableResponse daySeries(String metric, Instant day, String dims) {
        return caller(Scopes.READ)
                .queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .queryParam("dims", dims)
                .get("/api/metrics/" + metric + "/series")
                .then()
                .statusCode(200);
    }

    static Map<String, Object> dayTotal(String metric, Instant day, String dims) {
        List<Map<String, Object>> buckets =
                daySeries(metric, day, dims).extract().jsonPath().getList("buckets");
        return buckets.isEmpty() ? Map.of("sum", 0.0f, "count", 0) : buckets.get(0);
    }
}
