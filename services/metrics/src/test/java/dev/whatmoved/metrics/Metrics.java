package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;

import dev.whatmoved.kit.security.Scopes;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/** Test helpers: register metrics, make timestamps the late limit accepts. */
final class Metrics {

    private Metrics() {}

    /** A fresh metric key, so tests sharing the database do not see each other's points. */
    static String key(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
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
}
