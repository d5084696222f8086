package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.events.Topics;
import dev.whatmoved.metrics.messaging.PointsConsumer;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several consumers in one group (as several instances of the service) on the real broker and database: partitions
 * move between them mid-ingest, and a consumer stalled mid-transaction (a zombie) resumes after the group gave its
 * partitions to another. Every hourly bucket must hold exactly what was produced.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class KafkaScaleOutTest {

    @Inject
    PointsConsumer consumer;

    @Inject
    MeterRegistry registry;

    final CountryPoints points = new CountryPoints(11);

    @AfterEach
    void oneConsumerAgain() {
        consumer.stop();
        consumer.start();
    }

    @Test
    void partitionsMovingBetweenConsumersMidIngestApplyEveryRecordOnce() throws Exception {
        List<String> metrics = List.of(
                Metrics.register(Metrics.key("scale.orders"), "sum", "country"),
                Metrics.register(Metrics.key("scale.visits"), "sum", "country"));
        Instant day = Metrics.daysAgo(7);
        Set<String> owners = new HashSet<>();
        int records = 600;
        try (var producer = CountryPoints.producer();
                Connection db = database()) {
            for (int r = 0; r < records; r++) {
                producer.send(record(metrics.get(r % 2), r % 3, day, 200));
                if (r % 50 == 49) {
                    producer.flush();
                    // 1 -> 2 -> 3 -> 1 -> 2 ...: each change moves partitions while the consumers are busy with the
                    // records just sent, some with a transaction in flight
                    int members =
                            switch ((r / 50) % 4) {
                                case 0 -> 2;
                                case 1 -> 3;
                                case 2 -> 1;
                                default -> 2;
                            };
                    consumer.scale(members);
                    // until each member claimed its share (3 partitions)
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> owners(db).size() == members);
                    owners.addAll(owners(db));
                }
            }
            producer.flush();
        }
        awaitTotal(metrics, day, records * 200L);
        assertThat(owners)
                .as("consumers that held partitions during the ingest")
                .hasSizeGreaterThan(2);
        consumer.stop();
        consumer.start(); // once more: nothing may be applied twice
        Thread.sleep(2000);
        points.assertEveryBucketExact(metrics, day);
    }

    @Test
    void aStalledConsumerCannotApplyItsTransactionAfterAnotherTookItsPartitions() throws Exception {
        List<String> metrics = List.of(Metrics.register(Metrics.key("zombie.orders"), "sum", "country"));
        Instant day = Metrics.daysAgo(8);
        double fencedBefore = fenced();
        try (var producer = CountryPoints.producer();
                Connection db = database()) {
            consumer.scale(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> owners(db).size() == 2);
            // consumer 1's next transaction stalls (with the records it read) until released
            CompletableFuture<Void> release = new CompletableFuture<>();
            consumer.holdNextCommit(1, release);
            for (int r = 0; r < 60; r++) {
                producer.send(record(metrics.get(0), r % 3, day, 100));
            }
            producer.flush();
            // it stops polling; after the poll interval the group gives every partition to consumer 0, which applies
            // everything, the stalled consumer's records included
            await().atMost(Duration.ofSeconds(60)).until(() -> owners(db).size() == 1);
            awaitTotal(metrics, day, 60 * 100L);
            // the zombie wakes up and tries to commit what it had read: fenced off
            release.complete(null);
            await().atMost(Duration.ofSeconds(30)).until(() -> fenced() > fencedBefore);
            for (int r = 0; r < 60; r++) {
                producer.send(record(metrics.get(0), r % 3, day, 100));
            }
            producer.flush();
            awaitTotal(metrics, day, 120 * 100L);
            // the partitions are shared by both again
            await().atMost(Duration.ofSeconds(60)).until(() -> owners(db).size() == 2);
        }
        Thread.sleep(2000);
        points.assertEveryBucketExact(metrics, day);
    }

    private ProducerRecord<String, String> record(String metric, int partition, Instant day, int count) {
        return new ProducerRecord<>(Topics.METRIC_POINTS, partition, metric, points.batch(metric, day, count));
    }

    private void awaitTotal(List<String> metrics, Instant day, long total) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(CountryPoints.dayCount(metrics, day))
                .isEqualTo(total));
    }

    private double fenced() {
        return registry.counter("whatmoved.points.fenced").count();
    }

    private static Set<String> owners(Connection db) throws Exception {
        Set<String> owners = new HashSet<>();
        try (ResultSet rows = db.createStatement()
                .executeQuery(
                        "select distinct owner from consumer_offset where topic = '" + Topics.METRIC_POINTS + "'")) {
            while (rows.next()) {
                owners.add(rows.getString(1));
            }
        }
        return owners;
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(EmbeddedPlatform.get().jdbcUrl("metrics"), "postgres", "postgres");
    }
}
