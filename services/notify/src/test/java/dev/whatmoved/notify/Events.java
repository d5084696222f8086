package dev.whatmoved.notify;

import dev.whatmoved.events.EventType;
import dev.whatmoved.testing.TestEvents;
import java.util.UUID;

/** The events other services publish, as JSON that fits their schemas, put on the real broker. */
final class Events {

    /** The ticket every committed feature of these tests names. */
    static final String TRACKER_URL = "https://tracker.example.com/browse/SHOP-42";

    private Events() {}

    static String featureCommitted(String key, String team, int horizonDays) {
        return TestEvents.publish(
                EventType.FEATURE_COMMITTED,
                key,
                key,
                """
                {"key": "%s", "title": "One-click checkout", "team": "%s", "owner": "ana",
                 "tracker": {"key": "SHOP-42", "url": "%s"},
                 "committedAt": "2026-11-01T09:00:00Z",
                 "predictions": [{"number": 1, "version": 1, "metric": "checkout.conversions", "direction": "up",
                  "expectedChangePct": 3, "confidence": 0.7, "horizonDays": %d, "guardrail": false},
                  {"number": 2, "version": 1, "metric": "checkout.latency-p95", "direction": "down",
                  "confidence": 0.6, "horizonDays": %d, "guardrail": true, "tolerancePct": 3}]}
                """
                        .formatted(key, team, TRACKER_URL, horizonDays, horizonDays));
    }

    static String releaseDeployed(UUID release, String service, String featuresJson) {
        return TestEvents.publish(
                EventType.RELEASE_DEPLOYED,
                service,
                release.toString(),
                """
                {"releaseId": "%s", "service": "%s", "version": "7.1.0", "environment": "production",
                 "commit": "a1b2c3d4e5", "deployedAt": "2026-11-20T10:15:00Z", "features": %s, "source": "api"}
                """
                        .formatted(release, service, featuresJson));
    }

    static String measuredData(
            UUID outcome, UUID release, String feature, int checkpoint, int version, String verdict) {
        return """
                {"outcomeId": "%s", "releaseId": "%s", "featureKey": "%s", "predictionNumber": 1,
                 "predictionVersion": 1, "metric": "checkout.conversions", "checkpointDays": %d, "version": %d,
                 "verdict": "%s", "relEffectPct": 3.4, "relEffectLowerPct": 1.1, "relEffectUpperPct": 5.8,
                 "p": 0.004, "method": "state-space", "measuredAt": "2026-11-24T02:00:00Z",
                 "service": "checkout", "environment": "production", "guardrail": false, "direction": "up",
                 "expectedChangePct": 3.0}
                """
                .formatted(outcome, release, feature, checkpoint, version, verdict);
    }

    static String outcomeMeasured(
            UUID outcome, UUID release, String feature, int checkpoint, int version, String verdict) {
        return TestEvents.publish(
                EventType.OUTCOME_MEASURED,
                release.toString(),
                release + "/" + feature + "#1/" + checkpoint + "d",
                measuredData(outcome, release, feature, checkpoint, version, verdict));
    }

    static String guardrailBreached(UUID release, String feature) {
        return TestEvents.publish(
                EventType.OUTCOME_GUARDRAIL_BREACHED,
                release.toString(),
                release + "/" + feature + "#2/1d",
                """
                {"outcomeId": "%s", "releaseId": "%s", "service": "checkout", "environment": "production",
                 "featureKey": "%s", "predictionNumber": 2, "predictionVersion": 1, "metric": "checkout.latency-p95",
                 "checkpointDays": 1, "version": 1, "direction": "down", "tolerancePct": 3.0, "relEffectPct": 12.4,
                 "relEffectLowerPct": 8.9, "relEffectUpperPct": 16.0, "intervalBeyondTolerance": true, "p": 0.0001,
                 "confounders": [], "measuredAt": "2026-11-21T06:00:03Z"}
                """
                        .formatted(UUID.randomUUID(), release, feature));
    }

    static String amendedAfterShip(String feature, String team) {
        return TestEvents.publish(
                EventType.FEATURE_AMENDED,
                feature,
                feature,
                """
                {"key": "%s", "team": "%s", "owner": "ana", "amendedAt": "2026-11-25T09:00:00Z",
                 "reason": "the first week showed a smaller audience", "amendedAfterShip": true,
                 "prediction": {"number": 1, "version": 2, "metric": "checkout.conversions", "direction": "up",
                  "expectedChangePct": 1.5, "confidence": 0.6, "horizonDays": 30, "guardrail": false}}
                """
                        .formatted(feature, team));
    }
}
