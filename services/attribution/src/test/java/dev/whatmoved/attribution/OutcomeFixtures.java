package dev.whatmoved.attribution;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Synthetic metrics, releases and features, fed to attribution through the real broker as the other services would. */
final class OutcomeFixtures {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** Weekday effects (Monday first), as shares of the level: a weekend dip. */
    private static final double[] WEEK = {0.04, 0.06, 0.06, 0.05, 0.01, -0.11, -0.11};

    private OutcomeFixtures() {}

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A daily metric from {@code from} to {@code to}: level 1000, a slight trend, a weekly cycle on the calendar's
     * weekdays and AR(1) noise (sd 1.5 % of the level), times {@code 1 + pct} from each effect's first day on.
     */
    static Map<LocalDate, Double> series(long seed, LocalDate from, LocalDate to, Map<LocalDate, Double> effects) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<LocalDate, Double> values = new TreeMap<>();
        double phi = 0.5;
        double sd = 15;
        double noise = sd * gaussian(random);
        int t = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1), t++) {
            noise = phi * noise + sd * Math.sqrt(1 - phi * phi) * gaussian(random);
            double value =
                    1000 * (1 + 0.0005 * t) * (1 + WEEK[day.getDayOfWeek().ordinal()]) + noise;
            for (var effect : effects.entrySet()) {
                if (!day.isBefore(effect.getKey())) {
                    value *= 1 + effect.getValue();
                }
            }
            values.put(day, Math.round(value * 100) / 100.0);
        }
        return values;
    }

    /** The metrics service's watermark for {@code metric}: everything it ingested before {@code through} is announced. */
    static void publishWatermark(String metric, Instant through) {
        TestEvents.publish(
                EventType.METRIC_ANNOUNCED,
                metric,
                metric,
                """
                {"metric": "%s", "announcedThrough": "%s"}
                """
                        .formatted(metric, through));
    }

    /** Publishes each day's rollup (revision {@code revision}) with one producer, in order, on the metric's key. */
    static void publishRollups(String metric, Map<LocalDate, Double> values, long revision) {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedPlatform.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (var day : values.entrySet()) {
                String data =
                        """
                        {"metric": "%s", "granularity": "day", "bucketStart": "%sT00:00:00Z", "sum": %s, "count": 1,
                         "revision": %d, "dimensions": {}}
                        """
                                .formatted(metric, day.getKey(), day.getValue(), revision);
                var headers = TestEvents.cloudEventHeaders(
                        UUID.randomUUID().toString(), EventType.METRIC_ROLLUP, metric + "/day/" + day.getKey());
                producer.send(new ProducerRecord<>(EventType.METRIC_ROLLUP.topic(), null, metric, data, headers));
            }
            producer.flush();
        }
    }

    static void publishRelease(String id, LocalDate day, String... features) {
        TestEvents.publish(
                EventType.RELEASE_DEPLOYED,
                "checkout",
                id,
                """
                {"releaseId": "%s", "service": "checkout", "version": "%s", "environment": "production",
                 "commit": null, "deployedAt": "%sT12:00:00Z", "features": [%s], "source": "api"}
                """
                        .formatted(id, id.substring(0, 8), day, quoted(features)));
    }

    /** A committed feature with one prediction. */
    static void publishFeature(String key, String predictionJson) {
        publishFeature(key, "growth", "alice", predictionJson);
    }

    /** A committed feature of a team and owner with its predictions (comma-separated JSON objects). */
    static void publishFeature(String key, String team, String owner, String predictionJson) {
        TestEvents.publish(
                EventType.FEATURE_COMMITTED,
                key,
                key,
                """
                {"key": "%s", "title": "t", "team": "%s", "owner": "%s", "committedAt": "2026-01-01T09:00:00Z",
                 "predictions": [%s]}
                """
                        .formatted(key, team, owner, predictionJson));
    }

    static String prediction(String metric, String direction, double expectedPct) {
        return """
                {"number": 1, "version": 1, "metric": "%s", "direction": "%s", "expectedChangePct": %s,
                 "confidence": 0.7, "horizonDays": 90, "guardrail": false}
                """
                .formatted(metric, direction, expectedPct);
    }

    static String guardrail(String metric, String goodDirection, double tolerancePct) {
        return """
                {"number": 1, "version": 1, "metric": "%s", "direction": "%s", "confidence": 0.6, "horizonDays": 90,
                 "guardrail": true, "tolerancePct": %s}
                """
                .formatted(metric, goodDirection, tolerancePct);
    }

    /** Waits until attribution stored this many daily rollups of the metric with at least this revision. */
    static void awaitRollups(String metric, int days, long revision) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (var connection = DriverManager.getConnection(
                                    EmbeddedPlatform.get().jdbcUrl("attribution"));
                            var statement = connection.prepareStatement(
                                    "select count(*) from daily_rollup where metric = ? and revision >= ?")) {
                        statement.setString(1, metric);
                        statement.setLong(2, revision);
                        var result = statement.executeQuery();
                        result.next();
                        return result.getInt(1) == days;
                    } catch (SQLException e) {
                        return false;
                    }
                });
    }

    /** Waits until the release has this many checkpoints (its features and their predictions are known). */
    static JsonPath awaitCheckpoints(String release, int count) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    var response = caller(Scopes.READ).get("/api/releases/" + release + "/outcomes");
                    last[0] = response.then().extract().jsonPath();
                    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
                    assertThat(last[0].getList("outcomes.checkpointDays"))
                            .as("checkpoints of %s: %s", release, response.asString())
                            .hasSize(count);
                });
        return last[0];
    }

    /** Runs the outcome job as the scheduler would, at {@code now}. */
    static int refresh(OutcomeEngine engine, Instant now) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> engine.refresh(now));
        } catch (Throwable e) {
            throw new AssertionError("the outcome job failed", e);
        }
    }

    static JsonPath outcomes(String release) {
        return caller(Scopes.READ)
                .get("/api/releases/" + release + "/outcomes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The outcome of the release's feature at a checkpoint, from the API. */
    static Map<String, Object> outcome(JsonPath outcomes, String feature, int days) {
        return outcomes.getMap(
                "outcomes.find { it.featureKey == '%s' && it.checkpointDays == %d }".formatted(feature, days));
    }

    private static String quoted(String... values) {
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            out.append(out.isEmpty() ? "" : ", ").append('"').append(value).append('"');
        }
        return out.toString();
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
