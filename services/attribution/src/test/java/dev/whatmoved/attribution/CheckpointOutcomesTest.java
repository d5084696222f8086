package dev.whatmoved.attribution;

import static dev.whatmoved.attribution.OutcomeFixtures.TODAY;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitCheckpoints;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.guardrail;
import static dev.whatmoved.attribution.OutcomeFixtures.outcome;
import static dev.whatmoved.attribution.OutcomeFixtures.outcomes;
import static dev.whatmoved.attribution.OutcomeFixtures.prediction;
import static dev.whatmoved.attribution.OutcomeFixtures.publishFeature;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRelease;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.refresh;
import static dev.whatmoved.attribution.OutcomeFixtures.series;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.events.EventType;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Outcomes at checkpoints, end to end through the real broker and database: synthetic seasonal metrics with known
 * effects, releases and features published as the other services publish them, the outcome job run at a chosen "now",
 * and the outcome events read back from Kafka (validated against their schemas).
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class CheckpointOutcomesTest {

    private static final String BOOTSTRAP = EmbeddedPlatform.get().kafkaBootstrapServers();

    @Inject
    OutcomeEngine engine;

    @Test
    void aKnownEffectIsMovedAsPredictedAtEachDueCheckpointAndALateRollupMakesVersionTwo() {
        LocalDate releaseDay = TODAY.minusDays(20);
        String metric = unique("conversions");
        String feature = unique("one-click");
        String release = UUID.randomUUID().toString();
        Map<LocalDate, Double> values =
                series(1, releaseDay.minusDays(56), TODAY.minusDays(1), Map.of(releaseDay.plusDays(1), 0.10));
        publishRollups(metric, values, 1);
        publishRelease(release, releaseDay, feature);
        publishFeature(feature, prediction(metric, "up", 5));
        awaitRollups(metric, values.size(), 1);
        awaitCheckpoints(release, 6);

        // eight days after the release (and after the grace): the 1- and 7-day checkpoints are due, not the 14-day one
        Instant eightDaysLater = at(releaseDay.plusDays(8), 7);
        refresh(engine, eightDaysLater);
        JsonPath early = outcomes(release);
        assertThat(outcome(early, feature, 7))
                .containsEntry("verdict", "moved-as-predicted")
                .containsEntry("version", 1);
        assertThat(outcome(early, feature, 14)).containsEntry("verdict", "pending");

        refresh(engine, Instant.now());
        JsonPath now = outcomes(release);
        assertThat(now.getString("method")).isEqualTo("state-space");
        assertThat(now.getString("baseline.method")).isEqualTo("before-after");
        Map<String, Object> fourteen = outcome(now, feature, 14);
        assertThat(fourteen)
                .containsEntry("verdict", "moved-as-predicted")
                .containsEntry("version", 1)
                .containsEntry("method", "state-space");
        assertThat((Float) fourteen.get("relEffect")).isBetween(0.07f, 0.13f);
        assertThat(now.getInt("outcomes.find { it.checkpointDays == 14 }.window.postDays"))
                .isEqualTo(14);
        assertThat(now.getString("outcomes.find { it.checkpointDays == 14 }.window.preFrom"))
                .isEqualTo(releaseDay.minusDays(56).toString());
        assertThat(outcome(now, feature, 30)).containsEntry("verdict", "pending");

        String subject = release + "/" + feature + "#1/14d";
        var event = PublishedEvents.awaitEvent(BOOTSTRAP, EventType.OUTCOME_MEASURED, e -> subject.equals(e.subject()));
        assertThat(event.key()).isEqualTo(release);
        assertThat(event.data().path("verdict").asText()).isEqualTo("moved-as-predicted");
        assertThat(event.data().path("version").asInt()).isEqualTo(1);
        assertThat(event.data().path("relEffectPct").asDouble()).isBetween(7.0, 13.0);
        assertThat(event.data().path("relEffectLowerPct").asDouble()).isPositive();
        assertThat(event.data().path("outcomeId").asText()).isEqualTo(fourteen.get("outcomeId"));

        // a late, corrected rollup of day 3 after the release: the 7- and 14-day windows hold it, the 1-day one not
        LocalDate corrected = releaseDay.plusDays(3);
        publishRollups(metric, Map.of(corrected, values.get(corrected) * 0.5), 2);
        awaitRollups(metric, 1, 2);
        assertThat(outcome(outcomes(release), feature, 14)).containsEntry("stale", true);
        refresh(engine, Instant.now());

        var second = PublishedEvents.awaitEvent(
                BOOTSTRAP,
                EventType.OUTCOME_MEASURED,
                e -> subject.equals(e.subject()) && e.data().path("version").asInt() == 2);
        assertThat(second.data().path("outcomeId").asText())
                .isEqualTo(event.data().path("outcomeId").asText());
        assertThat(second.data().path("relEffectPct").asDouble())
                .isLessThan(event.data().path("relEffectPct").asDouble());
        JsonPath after = outcomes(release);
        assertThat(outcome(after, feature, 14)).containsEntry("version", 2).containsEntry("stale", false);
        assertThat(outcome(after, feature, 7)).containsEntry("version", 2);
        assertThat(outcome(after, feature, 1)).containsEntry("version", 1);

        // running again with nothing new changes nothing
        assertThat(refresh(engine, Instant.now())).isZero();
    }

    @Test
    void noEffectGivesNoDetectableChangeAndAPredictionSmallerThanTheDetectableEffectIsInconclusive() {
        LocalDate releaseDay = TODAY.minusDays(16);
        String metric = unique("signups");
        String feature = unique("banner");
        String modest = unique("tooltip");
        String release = UUID.randomUUID().toString();
        Map<LocalDate, Double> values = series(0, releaseDay.minusDays(56), TODAY.minusDays(1), Map.of());
        publishRollups(metric, values, 1);
        publishFeature(feature, prediction(metric, "up", 10));
        publishFeature(modest, prediction(metric, "up", 1));
        publishRelease(release, releaseDay, feature, modest);
        awaitRollups(metric, values.size(), 1);
        awaitCheckpoints(release, 12);

        refresh(engine, Instant.now());

        JsonPath result = outcomes(release);
        // 14 days of this series could show a 10 % change even at the early read's strict level: none is seen, and
        // the interval says how little moved
        Map<String, Object> fourteen = outcome(result, feature, 14);
        assertThat(fourteen).containsEntry("verdict", "no-detectable-change");
        assertThat((Float) fourteen.get("relEffectLower")).isNegative();
        assertThat((Float) fourteen.get("relEffectUpper")).isPositive();
        // an interim look of six: decided at its alpha-spending boundary, far stricter than 5 %, and labelled
        String sequential = "outcomes.find { it.featureKey == '%s' && it.checkpointDays == 14 }.sequential.";
        assertThat(result.getBoolean(sequential.formatted(feature) + "earlyRead"))
                .isTrue();
        assertThat(result.getFloat(sequential.formatted(feature) + "decisionAlpha"))
                .isBetween(0.001f, 0.01f);
        String mde =
                "outcomes.find { it.featureKey == '%s' && it.checkpointDays == 14 }.minimumDetectableEffect.relative";
        assertThat(result.getFloat(mde.formatted(feature))).isBetween(0.01f, 0.10f);
        // the same data cannot show a 1 % change: inconclusive, not "no detectable change"
        Map<String, Object> small = outcome(result, modest, 14);
        assertThat(small).containsEntry("verdict", "inconclusive");
        assertThat((String) small.get("reason")).contains("minimum detectable effect");
        for (int days : new int[] {1, 7}) {
            assertThat((String) outcome(result, feature, days).get("verdict"))
                    .as("%d-day checkpoint", days)
                    .isIn("no-detectable-change", "inconclusive");
        }
        var event = PublishedEvents.awaitEvent(
                BOOTSTRAP, EventType.OUTCOME_MEASURED, e -> (release + "/" + modest + "#1/14d").equals(e.subject()));
        assertThat(event.data().path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(event.data().path("reason").asText()).contains("minimum detectable effect");
    }

    @Test
    void aGuardrailThatDegradesBeyondItsTolerancePublishesABreach() {
        LocalDate releaseDay = TODAY.minusDays(10);
        String metric = unique("latency");
        String feature = unique("new-search");
        String release = UUID.randomUUID().toString();
        // latency should go down (or stay); it rises by 12 %, tolerated 3 %
        Map<LocalDate, Double> values =
                series(3, releaseDay.minusDays(56), TODAY.minusDays(1), Map.of(releaseDay.plusDays(1), 0.12));
        publishRollups(metric, values, 1);
        publishRelease(release, releaseDay, feature);
        publishFeature(feature, guardrail(metric, "down", 3));
        awaitRollups(metric, values.size(), 1);
        awaitCheckpoints(release, 6);
        // /q/metrics: its 1- and 7-day checkpoints are due and wait (counted every 500 ms under test)
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PublicMetrics.value("whatmoved_checkpoints_pending"))
                        .isGreaterThanOrEqualTo(2));
        double breaches = PublicMetrics.value("whatmoved_guardrail_breaches_total");
        double opposite = PublicMetrics.value("whatmoved_outcomes_measured_total", "verdict", "moved-opposite");

        refresh(engine, Instant.now());

        assertThat(PublicMetrics.value("whatmoved_guardrail_breaches_total")).isGreaterThanOrEqualTo(breaches + 1);
        assertThat(PublicMetrics.value("whatmoved_outcomes_measured_total", "verdict", "moved-opposite"))
                .isGreaterThanOrEqualTo(opposite + 1);

        Map<String, Object> seven = outcome(outcomes(release), feature, 7);
        assertThat(seven).containsEntry("verdict", "moved-opposite").containsEntry("guardrailBreached", true);
        var breach = PublishedEvents.awaitEvent(
                BOOTSTRAP, EventType.OUTCOME_GUARDRAIL_BREACHED, e -> (release + "/" + feature + "#1/7d")
                        .equals(e.subject()));
        assertThat(breach.key()).isEqualTo(release);
        assertThat(breach.data().path("metric").asText()).isEqualTo(metric);
        assertThat(breach.data().path("relEffectPct").asDouble()).isBetween(8.0, 16.0);
        assertThat(breach.data().path("tolerancePct").asDouble()).isEqualTo(3.0);
        assertThat(breach.data().path("intervalBeyondTolerance").asBoolean()).isTrue();
        assertThat(breach.data().path("version").asInt()).isEqualTo(1);
        var measured = PublishedEvents.awaitEvent(
                BOOTSTRAP, EventType.OUTCOME_MEASURED, e -> (release + "/" + feature + "#1/7d").equals(e.subject()));
        assertThat(measured.data().path("guardrailBreached").asBoolean()).isTrue();
        assertThat(measured.data().path("guardrail").asBoolean()).isTrue();
    }

    @Test
    void twoOverlappingReleasesAreListedAsConfoundersAndEachGetsItsOwnEffect() {
        LocalDate dayA = TODAY.minusDays(40);
        LocalDate dayB = dayA.plusDays(7);
        String metric = unique("revenue");
        String featureA = unique("bundles");
        String featureB = unique("coupons");
        String releaseA = UUID.randomUUID().toString();
        String releaseB = UUID.randomUUID().toString();
        // A: +8 % from its first full day; B, a week later: -6 %
        Map<LocalDate, Double> values = series(
                4, dayA.minusDays(56), TODAY.minusDays(1), Map.of(dayA.plusDays(1), 0.08, dayB.plusDays(1), -0.06));
        publishRollups(metric, values, 1);
        publishFeature(featureA, prediction(metric, "up", 5));
        publishFeature(featureB, prediction(metric, "up", 3));
        publishRelease(releaseA, dayA, featureA);
        publishRelease(releaseB, dayB, featureB);
        awaitRollups(metric, values.size(), 1);
        awaitCheckpoints(releaseA, 6);
        awaitCheckpoints(releaseB, 6);

        refresh(engine, Instant.now());

        // A's 30-day window holds B's start 7 days in: B is a confounder, estimated as its own step
        JsonPath a = outcomes(releaseA);
        String aThirty = "outcomes.find { it.featureKey == '%s' && it.checkpointDays == 30 }".formatted(featureA);
        assertThat(a.getList(aThirty + ".confounders.releaseId")).containsExactly(releaseB);
        assertThat(a.getString(aThirty + ".confounders[0].period")).isEqualTo("post");
        assertThat(a.getBoolean(aThirty + ".confounders[0].separated")).isTrue();
        assertThat(a.getFloat(aThirty + ".relEffect")).isBetween(0.05f, 0.11f);
        assertThat(a.getString(aThirty + ".verdict")).isEqualTo("moved-as-predicted");
        assertThat(a.getList(aThirty + ".model.components"))
                .anySatisfy(c -> assertThat((String) c).startsWith("interventions(1"));
        // A's 7-day window ends on B's day: B's day is left out, and B is not a step inside it
        assertThat(a.getList("outcomes.find { it.checkpointDays == 1 }.confounders"))
                .isEmpty();

        // B's pre-period holds A's start: A is a confounder of B, and B's own effect is negative
        JsonPath b = outcomes(releaseB);
        String bFourteen = "outcomes.find { it.featureKey == '%s' && it.checkpointDays == 14 }".formatted(featureB);
        assertThat(b.getList(bFourteen + ".confounders.releaseId")).containsExactly(releaseA);
        assertThat(b.getString(bFourteen + ".confounders[0].period")).isEqualTo("pre");
        assertThat(b.getFloat(bFourteen + ".relEffect")).isBetween(-0.10f, -0.03f);
        assertThat(b.getString(bFourteen + ".verdict")).isEqualTo("moved-opposite");
        // the step of A as B's analysis estimated it: about +8 % of a level near 1000
        assertThat(b.getFloat(bFourteen + ".confounders[0].effect")).isBetween(40f, 120f);

        var event = PublishedEvents.awaitEvent(
                BOOTSTRAP, EventType.OUTCOME_MEASURED, e -> (releaseA + "/" + featureA + "#1/30d").equals(e.subject()));
        assertThat(event.data().path("confounders").toString()).contains(releaseB);
    }

    @Test
    void aReleaseRolledBackEndsItsPostPeriodAtTheRollback() {
        LocalDate releaseDay = TODAY.minusDays(30);
        String metric = unique("checkouts");
        String feature = unique("express");
        String release = UUID.randomUUID().toString();
        Map<LocalDate, Double> values =
                series(5, releaseDay.minusDays(56), TODAY.minusDays(1), Map.of(releaseDay.plusDays(1), 0.10));
        publishRollups(metric, values, 1);
        publishRelease(release, releaseDay, feature);
        publishFeature(feature, prediction(metric, "up", 5));
        dev.whatmoved.testing.TestEvents.publish(
                EventType.RELEASE_ROLLED_BACK,
                "checkout",
                release,
                """
                {"releaseId": "%s", "service": "checkout", "version": "1", "environment": "production",
                 "rolledBackAt": "%sT08:00:00Z", "rolledBackBy": null, "reason": "flagged"}
                """
                        .formatted(release, releaseDay.plusDays(10)));
        awaitRollups(metric, values.size(), 1);
        // 1 and 7 days, then 14 (the first to reach the rollback, measured on the 9 live days); none after
        JsonPath planned = awaitCheckpoints(release, 3);
        assertThat(planned.getString("state")).isEqualTo("rolled-back");

        refresh(engine, Instant.now());

        JsonPath result = outcomes(release);
        assertThat(result.getList("outcomes.checkpointDays")).containsExactly(1, 7, 14);
        assertThat(result.getInt("outcomes.find { it.checkpointDays == 14 }.window.postDays"))
                .isEqualTo(9);
        assertThat(result.getBoolean("outcomes.find { it.checkpointDays == 14 }.window.truncatedByRollback"))
                .isTrue();
        assertThat(result.getString("outcomes.find { it.checkpointDays == 14 }.verdict"))
                .isEqualTo("moved-as-predicted");
        assertThat(List.of(1, 7, 14))
                .allSatisfy(d -> assertThat(outcome(result, feature, d)).containsEntry("version", 1));
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }
}
