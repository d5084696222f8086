package dev.whatmoved.attribution;

import static dev.whatmoved.attribution.OutcomeFixtures.TODAY;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitCheckpoints;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.guardrail;
import static dev.whatmoved.attribution.OutcomeFixtures.publishFeature;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRelease;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.refresh;
import static dev.whatmoved.attribution.OutcomeFixtures.series;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calibration and outputs-vs-outcomes over a team whose features were measured for real: features, releases, a
 * rollback, an amendment after ship and daily rollups published on the broker as the other services publish them, the
 * outcome job run, then the queries read over HTTP.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class CalibrationQueriesTest {

    /** A Monday, so that each run of the test sees the same weekdays, hence the same series and verdicts. */
    private static final LocalDate RELEASE_DAY =
            TODAY.minusDays(20).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    @Inject
    OutcomeEngine engine;

    /** Set up once for all tests of the class (the data is the same; only the queries differ). */
    private static String team;

    @BeforeEach
    void aTeamThatShippedFiveFeatures() {
        if (team != null) {
            return;
        }
        String team = unique("payments");
        String up = unique("conversion");
        String down = unique("basket");
        String flat = unique("visits");
        String other = unique("refunds");
        publishMetric(up, 1, 0.10);
        publishMetric(down, 2, -0.10);
        publishMetric(flat, 3, 0.0);
        publishMetric(other, 4, 0.0);

        publishFeature(
                team + "-right",
                team,
                "alice",
                """
                {"number": 1, "version": 1, "metric": "%s", "direction": "up", "expectedChangePct": 5, "lowPct": 3,
                 "highPct": 15, "confidence": 0.8, "horizonDays": 90, "guardrail": false}
                """
                        .formatted(up));
        publishFeature(team + "-wrong", team, "alice", confident(down, 0.7));
        // a 12 % prediction: a flat metric can rule it out at the 14-day early read's strict boundary (5 % it cannot)
        publishFeature(team + "-nothing", team, "bob", confident(flat, 0.6, 12));
        publishFeature(team + "-amended", team, "alice", confident(other, 0.9));
        publishFeature(team + "-guarded", team, "bob", guardrail(flat, "up", 5));

        String shipped = UUID.randomUUID().toString();
        String amended = UUID.randomUUID().toString();
        String rolledBack = UUID.randomUUID().toString();
        publishRelease(shipped, RELEASE_DAY, team + "-right", team + "-wrong", team + "-nothing", team + "-guarded");
        publishRelease(amended, RELEASE_DAY, team + "-amended");
        publishRelease(rolledBack, RELEASE_DAY.plusDays(10), team + "-amended");
        TestEvents.publish(
                EventType.RELEASE_ROLLED_BACK,
                "checkout",
                rolledBack,
                """
                {"releaseId": "%s", "service": "checkout", "version": "2", "environment": "production",
                 "rolledBackAt": "%sT08:00:00Z", "rolledBackBy": null, "reason": "flagged"}
                """
                        .formatted(rolledBack, RELEASE_DAY.plusDays(11)));
        TestEvents.publish(
                EventType.FEATURE_AMENDED,
                team + "-amended",
                team + "-amended",
                """
                {"key": "%s", "team": "%s", "owner": "alice", "amendedAt": "%sT09:00:00Z", "reason": "saw the data",
                 "amendedAfterShip": true, "prediction": {"number": 1, "version": 2, "metric": "%s", "direction": "up",
                 "expectedChangePct": 1, "confidence": 0.9, "horizonDays": 90, "guardrail": false}}
                """
                        .formatted(team + "-amended", team, RELEASE_DAY.plusDays(5), other));
        publishRelease(UUID.randomUUID().toString(), RELEASE_DAY); // linked to nothing

        awaitCheckpoints(shipped, 4 * 6);
        awaitCheckpoints(amended, 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> "rolled-back"
                .equals(caller(Scopes.READ)
                        .get("/api/releases/" + rolledBack + "/outcomes")
                        .jsonPath()
                        .getString("state")));
        refresh(engine, Instant.now());
        CalibrationQueriesTest.team = team;
    }

    @Test
    void calibrationScoresTheTeamsShippedPredictionsAndExcludesTheAmendedOne() {
        JsonPath calibration = get("/api/calibration?team=" + team);

        assertThat(calibration.getMap("counts"))
                .containsEntry("predictions", 4)
                .containsEntry("scored", 3)
                .containsEntry("pending", 0)
                .containsEntry("inconclusive", 0)
                .containsEntry("guardrails", 1)
                .containsEntry("excludedAmendedAfterShip", 1);
        assertThat(verdict(calibration, "right")).isEqualTo("moved-as-predicted");
        assertThat(verdict(calibration, "wrong")).isEqualTo("moved-opposite");
        assertThat(verdict(calibration, "nothing")).isEqualTo("no-detectable-change");
        Map<String, Object> right = scoreOf(calibration, "right");
        assertThat(right)
                .containsEntry("hit", true)
                .containsEntry("inRange", true)
                .containsEntry("checkpointDays", 14)
                .containsEntry("shipped", RELEASE_DAY.toString());
        assertThat(((Number) right.get("measuredChangePct")).doubleValue()).isBetween(7.0, 13.0);
        assertThat(scoreOf(calibration, "wrong")).containsEntry("hit", false);
        assertThat(scoreOf(calibration, "amended"))
                .containsEntry("amendedAfterShip", true)
                .containsEntry("expectedChangePct", 1.0f)
                .doesNotContainKey("hit");

        // one of the two that moved went the predicted way; Brier over 0.8 (hit), 0.7 (miss), 0.6 (miss)
        assertThat(calibration.getDouble("directionHitRate")).isEqualTo(0.5);
        assertThat(calibration.getDouble("brierScore")).isCloseTo((0.04 + 0.49 + 0.36) / 3, within(1e-6));
        assertThat(calibration.getDouble("rangeCoverage")).isEqualTo(1.0);
        assertThat(calibration.getList("reliability.count")).containsExactly(1, 1, 1);
    }

    @Test
    void aPredictionCommittedAfterItsFeatureShippedIsListedFlaggedAndNotScored() {
        String late = unique("late-team");
        String feature = late + "-backfilled";
        String release = UUID.randomUUID().toString();
        // the release that ships the feature is reported (a draft's key in it) ...
        publishRelease(release, RELEASE_DAY, feature);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> caller(Scopes.READ)
                                .get("/api/releases/" + release + "/outcomes")
                                .statusCode()
                        == 200);
        // ... and only then is the feature, with its prediction, committed
        TestEvents.publish(
                EventType.FEATURE_COMMITTED,
                feature,
                feature,
                """
                {"key": "%s", "title": "t", "team": "%s", "owner": "carol", "committedAt": "%s",
                 "predictions": [%s]}
                """
                        .formatted(
                                feature,
                                late,
                                Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                                confident(unique("orders"), 0.9)));
        // committed before its release was reported, in the same team, for contrast: a replay of an earlier quarter
        // reports its releases backdated (deployed on RELEASE_DAY, long before "now"), after the commitment
        String early = late + "-honest";
        publishFeature(early, late, "carol", confident(unique("orders"), 0.6));
        publishRelease(UUID.randomUUID().toString(), RELEASE_DAY, early);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/calibration?team=" + late)
                                .getList("predictions")
                                .size()
                        == 2);
        JsonPath calibration = get("/api/calibration?team=" + late);

        assertThat(calibration.getMap("counts"))
                .containsEntry("predictions", 2)
                .containsEntry("scored", 0)
                .containsEntry("excludedCommittedAfterShip", 1)
                .containsEntry("excludedAmendedAfterShip", 0);
        assertThat(calibration.getMap("predictions.find { it.featureKey == '%s' }".formatted(feature)))
                .containsEntry("committedAfterShip", true)
                .containsEntry("shipped", RELEASE_DAY.toString())
                .doesNotContainKey("hit");
        assertThat(calibration.getMap("predictions.find { it.featureKey == '%s' }".formatted(early)))
                .containsEntry("committedAfterShip", false);
    }

    @Test
    void calibrationFiltersByOwnerAndByShipDay() {
        JsonPath bob = get("/api/calibration?team=" + team + "&owner=bob");
        assertThat(bob.getList("predictions.featureKey")).containsExactly(team + "-nothing");
        assertThat(bob.getInt("counts.guardrails")).isEqualTo(1);
        assertThat(bob.getString("owner")).isEqualTo("bob");

        JsonPath later = get("/api/calibration?team=" + team + "&from=" + RELEASE_DAY.plusDays(1));
        assertThat(later.getList("predictions")).isEmpty();
        assertThat(later.getString("brierScore")).isNull();

        JsonPath thatDay = get("/api/calibration?team=%s&from=%s&to=%s".formatted(team, RELEASE_DAY, RELEASE_DAY));
        assertThat(thatDay.getInt("counts.predictions")).isEqualTo(4);
    }

    @Test
    void outputsVsOutcomesCountsWhatTheTeamShippedAgainstWhatMoved() {
        JsonPath outputs = get("/api/outputs-vs-outcomes?team=" + team + "&period=quarter");

        assertThat(outputs.getString("period")).isEqualTo("quarter");
        List<Map<String, Object>> rows = outputs.getList("rows");
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).containsEntry("team", team));
        assertThat(total(rows, "featuresShipped")).isEqualTo(5);
        assertThat(total(rows, "releases")).isEqualTo(3);
        assertThat(total(rows, "rolledBack")).isEqualTo(1);
        assertThat(total(rows, "predictions")).isEqualTo(4);
        assertThat(total(rows, "movedAsPredicted")).isEqualTo(1);
        assertThat(total(rows, "movedOpposite")).isEqualTo(1);
        assertThat(total(rows, "noDetectableChange")).isEqualTo(1);
        // the amended prediction (+1 %) is smaller than what its 14 days can detect
        assertThat(total(rows, "inconclusive")).isEqualTo(1);

        JsonPath everyone = get("/api/outputs-vs-outcomes?period=month");
        assertThat(everyone.getList("rows", Map.class))
                .anySatisfy(row -> assertThat(row.get("team")).isNull())
                .anySatisfy(row -> assertThat(row.get("team")).isEqualTo(team));
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        caller(Scopes.READ)
                .get("/api/calibration?from=yesterday")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(containsString("from"));
        caller(Scopes.READ)
                .get("/api/calibration?from=2026-10-02&to=2026-10-01")
                .then()
                .statusCode(400)
                .body(containsString("to"));
        caller(Scopes.READ)
                .get("/api/outputs-vs-outcomes?period=week")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(containsString("period"));
    }

    private static void publishMetric(String metric, long seed, double effect) {
        Map<LocalDate, Double> values = series(
                seed,
                RELEASE_DAY.minusDays(56),
                TODAY.minusDays(1),
                effect == 0 ? Map.of() : Map.of(RELEASE_DAY.plusDays(1), effect));
        publishRollups(metric, values, 1);
        awaitRollups(metric, values.size(), 1);
    }

    private static String confident(String metric, double confidence) {
        return confident(metric, confidence, 5);
    }

    private static String confident(String metric, double confidence, double expectedChangePct) {
        return OutcomeFixtures.prediction(metric, "up", expectedChangePct)
                .replace("\"confidence\": 0.7", "\"confidence\": " + confidence);
    }

    private static JsonPath get(String path) {
        return caller(Scopes.READ).get(path).then().statusCode(200).extract().jsonPath();
    }

    private Map<String, Object> scoreOf(JsonPath calibration, String suffix) {
        return calibration.getMap("predictions.find { it.featureKey == '%s-%s' }".formatted(team, suffix));
    }

    private String verdict(JsonPath calibration, String suffix) {
        return (String) scoreOf(calibration, suffix).get("verdict");
    }

    private static int total(List<Map<String, Object>> rows, String field) {
        return rows.stream().mapToInt(row -> (Integer) row.get(field)).sum();
    }
}
