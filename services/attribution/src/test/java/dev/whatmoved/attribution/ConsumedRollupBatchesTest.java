package dev.whatmoved.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Rollup events taken in batches (one transaction per batch), through the real broker and database: the records of a
 * batch, sent together, hold duplicates, an older revision after a newer one, a poison record, a slice and another
 * type; then the whole batch is delivered again. The stored state is exact, the poison record alone is dead-lettered
 * with its reason, and only the checkpoints whose window holds a changed day are marked for recomputation.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class ConsumedRollupBatchesTest {

    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(10);

    @Test
    void takesABatchWithDuplicatesAndAPoisonRecordExactlyOnceAndAgainWhenRedelivered() throws SQLException {
        String metric = OutcomeFixtures.unique("batch");
        String touched = insertComputedCheckpoint(metric, DAY.minusDays(3), DAY);
        String untouched = insertComputedCheckpoint(metric, DAY.plusDays(20), DAY.plusDays(27));
        String poisonId = UUID.randomUUID().toString();

        List<ProducerRecord<String, String>> batch = new ArrayList<>();
        String d1r1 = UUID.randomUUID().toString();
        batch.add(rollup(d1r1, metric, "day", DAY + "T00:00:00Z", 10, 1, "{}"));
        String d1r2 = UUID.randomUUID().toString();
        batch.add(rollup(d1r2, metric, "day", DAY + "T00:00:00Z", 25, 2, "{}"));
        batch.add(rollup(d1r2, metric, "day", DAY + "T00:00:00Z", 25, 2, "{}")); // the same event twice
        batch.add(record(poisonId, metric, "{\"metric\": \"" + metric + "\", \"granularity\": \"day\"}"));
        batch.add(rollup(UUID.randomUUID().toString(), metric, "day", DAY.plusDays(1) + "T00:00:00Z", 7, 1, "{}"));
        batch.add(rollup(UUID.randomUUID().toString(), metric, "hour", DAY + "T10:00:00Z", 5, 3, "{}"));
        // an older revision of the same hour after the newer one: changes nothing
        batch.add(rollup(UUID.randomUUID().toString(), metric, "hour", DAY + "T10:00:00Z", 2, 2, "{}"));
        // a slice (not read yet) and an event of another type on the topic: skipped, not dead-lettered
        batch.add(rollup(
                UUID.randomUUID().toString(), metric, "day", DAY + "T00:00:00Z", 999, 9, "{\"country\": \"de\"}"));
        batch.add(new ProducerRecord<>(
                Topics.METRIC_ROLLUPS,
                null,
                metric,
                "{}",
                cloudEvent(UUID.randomUUID().toString(), "dev.whatmoved.metric.other.v1", metric)));
        publish(batch);

        awaitRows(metric, 2, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertState(metric));
        assertThat(stale(touched))
                .as("a checkpoint whose window holds a changed day")
                .isTrue();
        assertThat(stale(untouched)).as("a checkpoint outside the changed days").isFalse();
        var deadLetter = PublishedEvents.awaitRecord(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                Topics.deadLetter(Topics.METRIC_ROLLUPS),
                r -> poisonId.equals(PublishedEvents.headerValue(r, "ce_id")));
        assertThat(PublishedEvents.headerValue(deadLetter, "dead-letter-reason"))
                .contains(poisonId)
                .contains("does not match")
                .contains("revision");
        assertThat(deadLetter.key()).isEqualTo(metric);

        // the same batch again (a redelivery after a crash before the commit), then a sentinel on the same key
        setStale(touched, false);
        List<ProducerRecord<String, String>> again = new ArrayList<>(batch);
        again.add(rollup(UUID.randomUUID().toString(), metric, "day", DAY.plusDays(2) + "T00:00:00Z", 1, 1, "{}"));
        publish(again);
        awaitRows(metric, 3, 1);
        assertState(metric);
        assertThat(stale(touched)).as("nothing newer arrived for its window").isFalse();
    }

    private static void assertState(String metric) throws SQLException {
        assertThat(rows(
                        metric,
                        "select day::text, sum, count, revision from daily_rollup where metric = ?"
                                + " and day <= ?::date + 1 order by day"))
                .containsExactly(DAY + " 25 1 2", DAY.plusDays(1) + " 7 1 1");
        assertThat(rows(
                        metric,
                        "select to_char(hour at time zone 'UTC', 'HH24'), sum, count, revision"
                                + " from hourly_rollup where metric = ? and hour < ?::date + 3 order by hour"))
                .containsExactly("10 5 1 3");
    }

    private static ProducerRecord<String, String> rollup(
            String id, String metric, String granularity, String start, double sum, long revision, String dims) {
        String data =
                """
                {"metric": "%s", "granularity": "%s", "bucketStart": "%s", "sum": %s, "count": 1, "revision": %d,
                 "dimensions": %s, "aggregation": "sum"}
                """
                        .formatted(metric, granularity, start, sum, revision, dims);
        return record(id, metric, data);
    }

    private static ProducerRecord<String, String> record(String id, String metric, String data) {
        return new ProducerRecord<>(
                Topics.METRIC_ROLLUPS, null, metric, data, cloudEvent(id, EventType.METRIC_ROLLUP.type(), metric));
    }

    private static List<Header> cloudEvent(String id, String type, String metric) {
        List<Header> headers = new ArrayList<>(TestEvents.cloudEventHeaders(id, EventType.METRIC_ROLLUP, metric));
        headers.removeIf(h -> h.key().equals("ce_type"));
        headers.add(new org.apache.kafka.common.header.internals.RecordHeader(
                "ce_type", type.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return headers;
    }

    /** All records with one producer, sent together: the consumer takes them in one poll when it is idle. */
    private static void publish(List<ProducerRecord<String, String>> records) {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedPlatform.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Until the metric has this many daily rollups from DAY on, the last one at least at this revision. */
    private static void awaitRows(String metric, int days, long revision) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<String> found =
                            rows(metric, "select revision from daily_rollup where metric = ? and day >= ?");
                    return found.size() == days && found.stream().allMatch(r -> Long.parseLong(r) >= revision);
                });
    }

    private static List<String> rows(String metric, String sql) throws SQLException {
        try (Connection c = connection();
                var statement = c.prepareStatement(sql)) {
            statement.setString(1, metric);
            statement.setObject(2, DAY);
            var result = statement.executeQuery();
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /** A checkpoint measured once (version 1, not stale) over the window, as the outcome job leaves it. */
    private static String insertComputedCheckpoint(String metric, LocalDate from, LocalDate to) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = connection();
                var statement = c.prepareStatement(
                        """
                        insert into checkpoint (id, release_id, feature_key, prediction_number, prediction_version,
                                                checkpoint_days, metric, window_from, window_to, due_at, stale, version)
                        values (?::uuid, ?::uuid, 'batch-feature', 1, 1, 7, ?, ?, ?, now(), false, 1)
                        """)) {
            statement.setString(1, id);
            statement.setString(2, UUID.randomUUID().toString());
            statement.setString(3, metric);
            statement.setObject(4, from);
            statement.setObject(5, to);
            statement.executeUpdate();
        }
        return id;
    }

    private static boolean stale(String checkpoint) throws SQLException {
        try (Connection c = connection();
                var statement = c.prepareStatement("select stale from checkpoint where id = ?::uuid")) {
            statement.setString(1, checkpoint);
            var result = statement.executeQuery();
            result.next();
            return result.getBoolean(1);
        }
    }

    private static void setStale(String checkpoint, boolean stale) throws SQLException {
        try (Connection c = connection();
                var statement = c.prepareStatement("update checkpoint set stale = ? where id = ?::uuid")) {
            statement.setBoolean(1, stale);
            statement.setString(2, checkpoint);
            statement.executeUpdate();
        }
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("attribution"));
    }
}
