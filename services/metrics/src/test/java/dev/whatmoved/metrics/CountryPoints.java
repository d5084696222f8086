package dev.whatmoved.metrics;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Random points of metrics with a {@code country} dimension, as the Kafka ingest tests produce them in batches, and
 * what each hourly bucket must then hold: every point applied exactly once.
 */
final class CountryPoints {

    static final List<String> COUNTRIES = List.of("de", "fr", "it");

    private final Map<String, double[]> expected = new HashMap<>(); // metric|country|hour -> {sum, count}
    private final Random random;

    CountryPoints(long seed) {
        this.random = new Random(seed);
    }

    /** The random numbers the points are drawn from, for a test to draw its own from the same sequence. */
    Random random() {
        return random;
    }

    /** A batch (a JSON array) of {@code points} random points of {@code metric} in the hours of {@code day}. */
    String batch(String metric, Instant day, int points) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < points; i++) {
            int hour = random.nextInt(24);
            String country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
            int value = random.nextInt(100);
            batch.append(i == 0 ? "" : ",")
                    .append("{\"timestamp\":\"")
                    .append(day.plus(hour, ChronoUnit.HOURS).plusSeconds(random.nextInt(3600)))
                    .append("\",\"value\":")
                    .append(value)
                    .append(",\"dimensions\":{\"country\":\"")
                    .append(country)
                    .append("\"}}");
            double[] bucket = expected.computeIfAbsent(metric + "|" + country + "|" + hour, k -> new double[2]);
            bucket[0] += value;
            bucket[1]++;
        }
        return batch.append("]").toString();
    }

    /** Asserts that every hour of {@code day} of each metric and country holds exactly the points of the batches. */
    void assertEveryBucketExact(List<String> metrics, Instant day) {
        for (String metric : metrics) {
            for (String country : COUNTRIES) {
                JsonPath series = caller(Scopes.READ)
                        .queryParam("from", day.toString())
                        .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                        .queryParam("granularity", "hour")
                        .queryParam("dims", "country:" + country)
                        .get("/api/metrics/" + metric + "/series")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                for (int hour = 0; hour < 24; hour++) {
                    double[] want = expected.getOrDefault(metric + "|" + country + "|" + hour, new double[2]);
                    String start = day.plus(hour, ChronoUnit.HOURS).toString();
                    Map<String, Object> bucket = series.getMap("buckets.find { it.start == '" + start + "' }");
                    assertThat(bucket)
                            .as("%s %s hour %d", metric, country, hour)
                            .isNotNull();
                    assertThat(((Number) bucket.get("sum")).doubleValue())
                            .as("%s %s hour %d sum", metric, country, hour)
                            .isEqualTo(want[0]);
                    assertThat(((Number) bucket.get("count")).longValue())
                            .as("%s %s hour %d count", metric, country, hour)
                            .isEqualTo((long) want[1]);
                }
            }
        }
    }

    /** The number of points of the metrics on {@code day} (over all dimensions), as the series API counts them. */
    static long dayCount(List<String> metrics, Instant day) {
        return metrics.stream()
                .mapToLong(m -> ((Number) Metrics.dayTotal(m, day, "").get("count")).longValue())
                .sum();
    }

    /** A producer to the embedded broker that waits for every replica ({@code acks=all}). */
    static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedPlatform.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
