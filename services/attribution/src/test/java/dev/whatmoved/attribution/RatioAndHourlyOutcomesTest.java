package dev.whatmoved.attribution;

import static dev.whatmoved.attribution.OutcomeFixtures.TODAY;
import static dev.whatmoved.attribution.OutcomeFixtures.awaitCheckpoints;
import static dev.whatmoved.attribution.OutcomeFixtures.outcome;
import static dev.whatmoved.attribution.OutcomeFixtures.outcomes;
import static dev.whatmoved.attribution.OutcomeFixtures.prediction;
import static dev.whatmoved.attribution.OutcomeFixtures.publishFeature;
import static dev.whatmoved.attribution.OutcomeFixtures.publishRelease;
import static dev.whatmoved.attribution.OutcomeFixtures.refresh;
import static dev.whatmoved.attribution.OutcomeFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.events.EventType;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A ratio metric (conversions per session) published as the metrics service publishes it, hourly and daily: after the
 * release traffic rises by 20 % but the conversion rate does not move. Measured on the ratio of sums, the 1-day
 * checkpoint (on the 24 hours after the release's hour) and the 7-day one (on days) see no change; a model of the
 * daily sum would have called +20 % "moved".
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class RatioAndHourlyOutcomesTest {

    private static final Instant RELEASED = TODAY.minusDays(10).atTime(12, 20).toInstant(ZoneOffset.UTC);

    @Inject
    OutcomeEngine engine;

    @Inject
    CheckpointRepository checkpoints;

    @Test
    void moreTrafficAtAnUnchangedRateIsNoDetectableChangeOnHoursAndOnDays() {
        String metric = unique("checkout.conversion");
        String feature = unique("faster-checkout");
        String release = UUID.randomUUID().toString();
        Instant releaseHour = RELEASED.truncatedTo(ChronoUnit.HOURS);
        Map<Instant, double[]> hours = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(7);
        Instant first = releaseHour.minus(Duration.ofDays(70));
        for (Instant h = first; h.isBefore(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant()); h = h.plusSeconds(3600)) {
            int hourOfDay = h.atZone(ZoneOffset.UTC).getHour();
            double sessions = 1000 * (1 + 0.5 * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24.0));
            if (h.isAfter(releaseHour)) {
                sessions *= 1.2; // the release brings traffic, not conversions
            }
            sessions = Math.round(sessions * (1 + 0.02 * gaussian(random)));
            double conversions = Math.round(sessions * 0.05 * (1 + 0.03 * gaussian(random)));
            hours.put(h, new double[] {conversions, sessions});
        }
        Map<Instant, double[]> days = new TreeMap<>();
        hours.forEach((h, v) -> days.merge(h.truncatedTo(ChronoUnit.DAYS), v.clone(), (a, b) -> {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }));
        publishRelease(release, LocalDate.ofInstant(RELEASED, ZoneOffset.UTC), feature);
        publishFeature(feature, prediction(metric, "up", 5));
        awaitCheckpoints(release, 6);
        publish(metric, "hour", hours);
        publish(metric, "day", days);
        awaitRows(metric, hours.size(), days.size());

        refresh(engine, Instant.now());

        var result = outcomes(release);
        Map<String, Object> oneDay = outcome(result, feature, 1);
        assertThat(oneDay).containsEntry("value", "hourly ratio of sums");
        assertThat(oneDay.get("verdict")).as("%s", oneDay).isEqualTo("no-detectable-change");
        assertThat(result.getInt("outcomes.find { it.checkpointDays == 1 }.data.postPoints"))
                .isEqualTo(24);
        Map<String, Object> week = outcome(result, feature, 7);
        assertThat(week).containsEntry("value", "daily ratio of sums");
        assertThat(week.get("verdict")).as("%s", week).isEqualTo("no-detectable-change");
        assertThat(((Number) week.get("relEffect")).doubleValue()).isBetween(-0.03, 0.03);
        // the plain before/after of the baseline reads the same values: no +20 % either
        assertThat(result.getDouble("baseline.metrics[0].relativeChange")).isBetween(-0.05, 0.05);
    }

    @Test
    void aCheckpointThatKeepsFailingIsRetriedLaterAndThenGivenUpWithItsErrorShown() throws Throwable {
        String feature = unique("broken");
        String release = UUID.randomUUID().toString();
        String metric = unique("broken.metric");
        publishRelease(release, TODAY.minusDays(3), feature);
        publishFeature(feature, prediction(metric, "up", 5));
        awaitCheckpoints(release, 6);
        UUID id = UUID.fromString(
                outcome(outcomes(release), feature, 1).get("outcomeId").toString());
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        double givenUp = PublicMetrics.value("whatmoved_checkpoints_given_up");

        VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> checkpoints.failed(id, "IllegalStateException: boom", 5, now)));
        // /q/metrics (counted every 500 ms under test): failed once, it is retried
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PublicMetrics.value("whatmoved_checkpoints_failed"))
                        .isGreaterThanOrEqualTo(1));
        for (int attempt = 2; attempt <= 5; attempt++) {
            VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> checkpoints.failed(id, "IllegalStateException: boom", 5, now)));
        }

        Map<String, Object> given = outcome(outcomes(release), feature, 1);
        assertThat(given).containsEntry("verdict", "pending").containsEntry("stale", false);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(PublicMetrics.value("whatmoved_checkpoints_given_up"))
                        .isGreaterThanOrEqualTo(givenUp + 1));
        assertThat((String) given.get("reason"))
                .contains("failed 5 time(s)")
                .contains("given up until new data arrives")
                .contains("boom");
        try (var connection = DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("attribution"));
                var statement = connection.prepareStatement("select retry_at from checkpoint where id = ?")) {
            statement.setObject(1, id);
            var rows = statement.executeQuery();
            rows.next();
            // the fifth retry would wait 2^4 = 16 minutes
            assertThat(rows.getTimestamp(1).toInstant()).isEqualTo(now.plus(Duration.ofMinutes(16)));
        }
        // new data for its window makes it due again, with a clean slate
        VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> checkpoints.touch(metric, TODAY.minusDays(2))));
        Map<String, Object> again = outcome(outcomes(release), feature, 1);
        assertThat(again).containsEntry("stale", true);
        assertThat(again.get("reason")).isNull();
    }

    private static void publish(String metric, String granularity, Map<Instant, double[]> buckets) {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedPlatform.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            buckets.forEach((start, v) -> {
                String data =
                        """
                        {"metric": "%s", "granularity": "%s", "bucketStart": "%s", "sum": %s, "count": 24,
                         "denominator": %s, "aggregation": "ratio", "revision": 1, "dimensions": {}}
                        """
                                .formatted(metric, granularity, start, v[0], v[1]);
                var headers = TestEvents.cloudEventHeaders(
                        UUID.randomUUID().toString(),
                        EventType.METRIC_ROLLUP,
                        metric + "/" + granularity + "/" + start);
                producer.send(new ProducerRecord<>(EventType.METRIC_ROLLUP.topic(), null, metric, data, headers));
            });
            producer.flush();
        }
    }

    private static void awaitRows(String metric, int hours, int days) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try (var connection = DriverManager.getConnection(
                                    EmbeddedPlatform.get().jdbcUrl("attribution"));
                            var statement = connection.prepareStatement(
                                    "select (select count(*) from hourly_rollup where metric = ?),"
                                            + " (select count(*) from daily_rollup where metric = ?)")) {
                        statement.setString(1, metric);
                        statement.setString(2, metric);
                        var rows = statement.executeQuery();
                        rows.next();
                        return rows.getInt(1) == hours && rows.getInt(2) == days;
                    }
                });
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
