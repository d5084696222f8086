package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once effect of the Kafka ingestion against a real crash: the packaged service is killed with SIGKILL
 * three times while it ingests, and started again. Afterwards every hourly bucket of every dimension holds exactly the
 * sum and count of the points produced: nothing lost, nothing counted twice. And over HTTP, points answered 202 are
 * there after a SIGKILL right after the answer.
 */
class KafkaCrashIT {

    static final String DATABASE = "metrics_crash";

    @Test
    void killingTheServiceMidIngestLosesNothingAndCountsNothingTwice() throws Exception {
        EmbeddedPlatform platform = EmbeddedPlatform.get();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged service").exists();
        TestTokens.publicKeyPem(); // writes target/test-jwt/public.pem
        Path publicKey = Path.of("target/test-jwt/public.pem");
        Path log = Files.createDirectories(Path.of("target/crash-it")).resolve("service.log");
        List<String> jvm = List.of("-Xmx512m");

        ServiceProcess service = ServiceProcess.start(jar, platform, DATABASE, publicKey, log, jvm);
        String metric = "crash.orders";
        HttpResponse<String> registered = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/api/metrics"))
                                .header("Authorization", "Bearer " + TestTokens.withScopes(Scopes.METRICS_WRITE))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"" + metric
                                        + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                                        + " \"dimensions\": [\"country\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isIn(200, 201);

        String[] countries = {"de", "fr", "it", "es"};
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
        Map<String, long[]> expected = new HashMap<>(); // country|hour -> {sum, count}
        Random random = new Random(7);
        int records = 600;
        int pointsPerRecord = 2000;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        long produced = (long) records * pointsPerRecord;
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(DATABASE), "postgres", "postgres");
                var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            // in three phases: produce a third of the records; as soon as the running instance has applied some of
            // them (it is ingesting), kill it and start another
            int sent = 0;
            for (int phase = 0; phase < 3; phase++) {
                long before = storedOffset(db);
                for (; sent < records * (phase + 1) / 3; sent++) {
                    producer.send(new ProducerRecord<>(
                            Topics.METRIC_POINTS, metric, batch(random, day, expected, pointsPerRecord)));
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (storedOffset(db) == before && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                service.kill();
                long applied = storedOffset(db);
                assertThat(applied)
                        .as("killed mid-ingest (records applied of produced)")
                        .isLessThan(sent);
                service = ServiceProcess.start(jar, platform, DATABASE, publicKey, log, jvm);
            }

            // HTTP: a request answered 202 is durable: kill the service right after the last answer
            post(
                    service,
                    "/api/metrics",
                    "application/json",
                    "{\"key\": \"crash.http\", \"aggregation\": \"sum\"," + " \"goodDirection\": \"up\"}");
            long answered = 0;
            for (int request = 0; request < 20; request++) {
                StringBuilder ndjson = new StringBuilder();
                for (int i = 0; i < 500; i++) {
                    ndjson.append("{\"metric\":\"crash.http\",\"timestamp\":\"")
                            .append(day.plusSeconds(random.nextInt(86_400)))
                            .append("\",\"value\":1}\n");
                }
                String answer = post(service, "/api/points", "application/x-ndjson", ndjson.toString());
                assertThat(answer).startsWith("{\"accepted\":500,");
                answered += 500;
            }
            // killed before the staging table reached the rollups, most likely: the restarted service applies what was
            // left
            service.kill();
            long waitingAtKill = stagedPoints(db);
            service = ServiceProcess.start(jar, platform, DATABASE, publicKey, log, jvm);
            long httpDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (stagedPoints(db) > 0 && System.nanoTime() < httpDeadline) {
                Thread.sleep(100);
            }
            assertThat(stagedPoints(db)).as("points left in the staging table").isZero();
            assertThat(storedCount(db, "crash.http"))
                    .as("points answered 202 (%d of them in the staging table when killed)", waitingAtKill)
                    .isEqualTo(answered);

            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (storedCount(db, metric) < produced && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1000); // anything counted twice would show up now
            assertThat(storedCount(db, metric)).isEqualTo(produced);
            for (String country : countries) {
                for (int hour = 0; hour < 24; hour++) {
                    long[] want = expected.getOrDefault(country + "|" + hour, new long[2]);
                    try (ResultSet row = db.createStatement()
                            .executeQuery("select sum, count from rollup where metric = '" + metric
                                    + "' and granularity = 'hour' and dims = '{\"country\":\"" + country
                                    + "\"}' and bucket_start = '" + day.plus(hour, ChronoUnit.HOURS) + "'")) {
                        assertThat(row.next()).as("%s hour %d", country, hour).isTrue();
                        assertThat(row.getDouble(1))
                                .as("%s hour %d sum", country, hour)
                                .isEqualTo(want[0]);
                        assertThat(row.getLong(2))
                                .as("%s hour %d count", country, hour)
                                .isEqualTo(want[1]);
                    }
                }
            }
        } finally {
            service.stop();
        }
    }

    /** POSTs as a metrics:write caller; asserts a 2xx answer and returns its body. */
    private static String post(ServiceProcess service, String path, String type, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + path))
                                .header("Authorization", "Bearer " + TestTokens.withScopes(Scopes.METRICS_WRITE))
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body();
    }

    private static String batch(Random random, Instant day, Map<String, long[]> expected, int points) {
        String[] countries = {"de", "fr", "it", "es"};
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < points; i++) {
            int hour = random.nextInt(24);
            String country = countries[random.nextInt(countries.length)];
            int value = random.nextInt(1000);
            batch.append("{\"timestamp\":\"")
                    .append(day.plus(hour, ChronoUnit.HOURS).plusSeconds(random.nextInt(3600)))
                    .append("\",\"value\":")
                    .append(value)
                    .append(",\"dimensions\":{\"country\":\"")
                    .append(country)
                    .append("\"}}\n");
            long[] bucket = expected.computeIfAbsent(country + "|" + hour, k -> new long[2]);
            bucket[0] += value;
            bucket[1]++;
        }
        return batch.toString();
    }

    private static long storedOffset(Connection db) throws Exception {
        try (ResultSet rows = db.createStatement()
                .executeQuery("select coalesce(sum(next_offset), 0) from consumer_offset where topic = '"
                        + Topics.METRIC_POINTS + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long stagedPoints(Connection db) throws Exception {
        try (ResultSet rows =
                db.createStatement().executeQuery("select coalesce(sum(points), 0) from rollup_staging")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long storedCount(Connection db, String metric) throws Exception {
        try (ResultSet rows = db.createStatement()
                .executeQuery("select coalesce(sum(count), 0) from rollup where metric = '" + metric
                        + "' and granularity = 'day' and dims = '{}'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
