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
import static dev.whatmoved.attribution.OutcomeFixtures.refresh;
import static dev.whatmoved.attribution.OutcomeFixtures.series;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Watermarks ({@code metric.announced.v1}): history written just before a release reaches attribution after the
 * checkpoints are due (metrics had ingested it but not announced it yet). The first version must wait for the
 * announcement instead of measuring the pre-period alone (a wrong "inconclusive" a later version would correct).
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class WatermarkTest {

    @Inject
    OutcomeEngine engine;

    @Test
    void aDueCheckpointWaitsUntilItsMetricsAnnouncementsCoverItThenMeasuresTheWholeWindow() throws Exception {
        LocalDate releaseDay = TODAY.minusDays(20);
        String metric = unique("watermarked");
        String feature = unique("one-click");
        String release = UUID.randomUUID().toString();
        Map<LocalDate, Double> values =
                series(3, releaseDay.minusDays(56), TODAY.minusDays(1), Map.of(releaseDay.plusDays(1), 0.10));
        Map<LocalDate, Double> announced = new TreeMap<>(values);
        announced.keySet().removeIf(day -> day.isAfter(releaseDay));
        Map<LocalDate, Double> notYet = new TreeMap<>(values);
        notYet.keySet().removeIf(day -> !day.isAfter(releaseDay));

        // metrics announced the history before the release, then its watermark (an older one)
        publishRollups(metric, announced, 1);
        publishWatermark(metric, releaseDay.atTime(12, 0).toInstant(ZoneOffset.UTC));
        publishRelease(release, releaseDay, feature);
        publishFeature(feature, prediction(metric, "up", 5));
        awaitRollups(metric, announced.size(), 1);
        awaitWatermark(metric, releaseDay.atTime(12, 0).toInstant(ZoneOffset.UTC));
        // the first release and feature of a fresh service: its first queries compile slowly on a loaded machine
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> caller(Scopes.READ)
                                .get("/api/releases/" + release + "/outcomes")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("outcomes")
                                .size()
                        == 6);
        awaitCheckpoints(release, 6);

        // eight days later the 1- and 7-day checkpoints are due, but the days after the release are not announced
        Instant eightDaysLater = releaseDay.plusDays(8).atTime(7, 0).toInstant(ZoneOffset.UTC);
        refresh(engine, eightDaysLater);
        assertThat(outcome(outcomes(release), feature, 7)).containsEntry("verdict", "pending");
        assertThat(outcome(outcomes(release), feature, 1)).containsEntry("verdict", "pending");

        // the announcement arrives, then the watermark past the due time: measured once, on the whole window
        publishRollups(metric, notYet, 1);
        publishWatermark(metric, eightDaysLater);
        awaitRollups(metric, values.size(), 1);
        awaitWatermark(metric, eightDaysLater);
        refresh(engine, eightDaysLater);
        assertThat(outcome(outcomes(release), feature, 7))
                .containsEntry("verdict", "moved-as-predicted")
                .containsEntry("version", 1);
        assertThat(outcome(outcomes(release), feature, 14)).containsEntry("verdict", "pending");
    }

    private static void awaitWatermark(String metric, Instant through) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (var connection = DriverManager.getConnection(
                                    EmbeddedPlatform.get().jdbcUrl("attribution"));
                            var statement = connection.prepareStatement(
                                    "select announced_through from metric_watermark where metric = ?")) {
                        statement.setString(1, metric);
                        var result = statement.executeQuery();
                        return result.next()
                                && !result.getObject(1, java.time.OffsetDateTime.class)
                                        .toInstant()
                                        .isBefore(through);
                    }
                });
    }
}
