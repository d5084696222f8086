package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;

import dev.whatmoved.kit.security.Scopes;
import io.restassured.http.ContentType;

/** Request bodies and steps the feature tests share. */
final class Features {

    private Features() {}

    static String draft(String key, String team) {
        return """
                {"key": "%s", "title": "One-click checkout", "team": "%s", "owner": "alice",
                 "problem": "Returning buyers abandon the three-step checkout.",
                 "predictions": [
                   {"metric": "checkout.conversion", "direction": "up", "expectedChangePct": 3,
                    "range": {"lowPct": 1, "highPct": 6}, "confidence": 0.7, "horizonDays": 30},
                   {"metric": "support.tickets", "direction": "down", "confidence": 0.6, "guardrail": true,
                    "tolerancePct": 5}]}
                """
                .formatted(key, team);
    }

    static void create(String key, String team) {
        caller(Scopes.FEATURES_WRITE)
                .contentType(ContentType.JSON)
                .body(draft(key, team))
                .post("/api/features")
                .then()
                .statusCode(201);
    }

    static void createCommitted(String key, String team) {
        create(key, team);
        caller(Scopes.FEATURES_WRITE)
                .post("/api/features/" + key + "/commit")
                .then()
                .statusCode(200);
    }

    static String amendment(String reason, double expectedChangePct) {
        return """
                {"prediction": 1, "reason": "%s",
                 "amended": {"metric": "checkout.conversion", "direction": "up", "expectedChangePct": %s,
                             "confidence": 0.6, "horizonDays": 30}}
                """
                .formatted(reason, expectedChangePct);
    }

    /** Reports a release of {@code key} deployed {@code daysAgo} days ago; returns its id. */
    static String release(String key, String service, String version, int daysAgo) {
        return caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"service": "%s", "version": "%s", "environment": "production",
                         "deployedAt": "%s", "features": ["%s"]}
                        """
                                .formatted(
                                        service,
                                        version,
                                        java.time.Instant.now().minus(java.time.Duration.ofDays(daysAgo)),
                                        key))
                .post("/api/releases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
