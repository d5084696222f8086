package dev.whatmoved.attribution;

import static dev.whatmoved.attribution.OutcomeFixtures.TODAY;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitCheckpoints;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.outcome;
import static dev.whatmoved.attribution.OutcomeFixtures.outcomes;
import static dev.whatmoved.attribution.OutcomeFixtures.prediction;
import static dev.whatmoved.attribution.OutcomeFixtures.publishFeature;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRelease;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRollups;
import static dev.whatmoved.attribution.OutcomeFixtures.publishWatermark;
import static dev.whatmoved.attribution.OutcomeFixtures.series;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A watermark that moves starts the outcome job at once: the checkpoints that waited for their metric's announcements
 * are measured seconds after the announcements cover them, not at the job's next period. Here the periodic job is off
 * altogether, so only the watermark can start it. Real Kafka and PostgreSQL; about 20 s with the restart its profile
 * needs.
 */
@QuarkusTest
@TestProfile(WatermarkNudgeTest.OnWatermarkOnly.class)
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class WatermarkNudgeTest {

    public static class OnWatermarkOnly implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("whatmoved.outcomes.job.every", "off", "whatmoved.outcomes.job.on-watermark", "true");
        }
    }

    @Test
    void aWatermarkPastTheDueTimeMeasuresTheCheckpointsThatWaitedForIt() {
        LocalDate releaseDay = TODAY.minusDays(20);
        String metric = unique("nudged");
        String feature = unique("faster-checkout");
        String release = UUID.randomUUID().toString();
        Map<LocalDate, Double> values =
                series(3, releaseDay.minusDays(56), TODAY.minusDays(1), Map.of(releaseDay.plusDays(1), 0.10));

        // the history is announced, but the watermark is still at the release: every checkpoint waits
        publishRollups(metric, values, 1);
        publishWatermark(metric, releaseDay.atTime(12, 0).toInstant(ZoneOffset.UTC));
        publishRelease(release, releaseDay, feature);
        publishFeature(feature, prediction(metric, "up", 5));
        awaitRollups(metric, values.size(), 1);
        awaitCheckpoints(release, 6);
        assertThat(outcome(outcomes(release), feature, 7)).containsEntry("verdict", "pending");

        // the watermark passes the due times of the 1-, 7- and 14-day checkpoints: measured with no run of the job
        publishWatermark(metric, Instant.now());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() ->
                        assertThat(outcome(outcomes(release), feature, 14)).doesNotContainEntry("verdict", "pending"));
        assertThat(outcome(outcomes(release), feature, 7))
                .containsEntry("verdict", "moved-as-predicted")
                .containsEntry("version", 1);
        assertThat(outcome(outcomes(release), feature, 30)).containsEntry("verdict", "pending");
    }
}
