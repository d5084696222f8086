package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whatmoved.events.Topics;
import dev.whatmoved.metrics.messaging.PointsConsumer;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class KafkaIngestTest {

    @Inject
    PointsConsumer consumer;

    @Test
    void takesBatchesFromTheTopicAndDeadLettersWhatItCannotTake() {
        String metric = Metrics.register(Metrics.key("kafka.signups"), "sum", "plan");
        Instant day = Metrics.daysAgo(4);
        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();
        // a JSON array with one bad point: the other two count, the bad one is dead-lettered alone
        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                "[{\"timestamp\": \"" + day.plusSeconds(60) + "\", \"value\": 2, \"dimensions\": {\"plan\": \"pro\"}},"
                        + " {\"timestamp\": \"" + day.plusSeconds(120) + "\", \"value\": NaN},"
                        + " {\"timestamp\": \"" + day.plusSeconds(180) + "\", \"value\": 3}]",
                List.of());
        // not a batch at all, and points of a metric nobody registered
        TestEvents.publish(Topics.METRIC_POINTS, metric, "\u0000\u0001garbage", List.of());
        TestEvents.publish(
                Topics.METRIC_POINTS,
                "kafka.unregistered",
                "{\"timestamp\": \"" + day.plusSeconds(60) + "\", \"value\": 1}",
                List.of());
        // NDJSON, as a CloudEvent of the points type; a CloudEvent of another type is skipped
        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                "{\"timestamp\": \"" + day.plusSeconds(240) + "\", \"value\": 5}\n{\"timestamp\": \""
                        + day.plusSeconds(300) + "\", \"value\": 5, \"dimensions\": {\"plan\": \"free\"}}\n",
                List.of(header("ce_type", PointsConsumer.POINTS_TYPE), header("ce_id", "1")));
        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                "{\"timestamp\": \"" + day.plusSeconds(240) + "\", \"value\": 1000}",
                List.of(header("ce_type", "dev.example.other.v1"), header("ce_id", "2")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Metrics.dayTotal(metric, day, ""))
                .containsEntry("sum", 15.0f)
                .containsEntry("count", 4));
        assertThat(Metrics.dayTotal(metric, day, "plan:pro")).containsEntry("sum", 2.0f);

        var nan = PublishedEvents.awaitRecord(
                bootstrap,
                Topics.deadLetter(Topics.METRIC_POINTS),
                r -> metric.equals(r.key()) && r.value().contains("NaN"));
        assertThat(PublishedEvents.headerValue(nan, "dead-letter-reason"))
                // the element of the array (0-based), not "line 1" for every point of a one-line array
                .isEqualTo("1 of 3 points rejected: [1]: value: must be a finite number");
        assertThat(nan.value().strip()).isEqualTo("{\"timestamp\": \"" + day.plusSeconds(120) + "\", \"value\": NaN}");
        var garbage = PublishedEvents.awaitRecord(bootstrap, Topics.deadLetter(Topics.METRIC_POINTS), r -> r.value()
                .contains("garbage"));
        assertThat(PublishedEvents.headerValue(garbage, "dead-letter-reason")).contains("not a batch of points");
        var unknown = PublishedEvents.awaitRecord(
                bootstrap, Topics.deadLetter(Topics.METRIC_POINTS), r -> "kafka.unregistered".equals(r.key()));
        assertThat(PublishedEvents.headerValue(unknown, "dead-letter-reason"))
                .contains("unknown metric 'kafka.unregistered'");
        assertThat(PublishedEvents.headerValue(unknown, "dead-letter-topic")).isEqualTo(Topics.METRIC_POINTS);
    }

    /**
     * Produces 60,000 points while the consumer is stopped and started again and again (the consumer keeps no offsets
     * in Kafka: a restart resumes from the offsets stored with the rollups, as after a crash). Every bucket must hold
     * exactly what was produced.
     */
    @Test
    void everyBucketHoldsExactlyWhatWasProducedAcrossConsumerRestarts() throws Exception {
        List<String> metrics = List.of(
                Metrics.register(Metrics.key("eo.orders"), "sum", "country"),
                Metrics.register(Metrics.key("eo.visits"), "sum", "country"));
        Instant day = Metrics.daysAgo(6);
        CountryPoints points = new CountryPoints(42);
        int records = 300;
        int pointsPerRecord = 200;
        try (var producer = CountryPoints.producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int r = 0; r < records; r++) {
                String metric = metrics.get(r % 2);
                sent.add(producer.send(new ProducerRecord<>(
                        Topics.METRIC_POINTS, metric, points.batch(metric, day, pointsPerRecord))));
                if (r % 60 == 30) {
                    producer.flush();
                    consumer.stop();
                    consumer.start();
                }
                if (r % 60 == 59) {
                    Thread.sleep(points.random().nextInt(300));
                    consumer.stop();
                    Thread.sleep(100);
                    consumer.start();
                }
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        long total = (long) records * pointsPerRecord;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(CountryPoints.dayCount(metrics, day))
                .isEqualTo(total));
        consumer.stop();
        consumer.start(); // once more: nothing may be applied twice
        Thread.sleep(2000);
        points.assertEveryBucketExact(metrics, day);
        assertThat(CountryPoints.dayCount(metrics, day)).isEqualTo(total);
    }

    /**
     * A transactional producer's records do not have contiguous offsets (each commit or abort writes a marker, and a
     * read_committed consumer skips aborted records): committed points count once, aborted ones never, and the consumer
     * keeps moving, also after a restart that resumes at an offset where a marker stands.
     */
    @Test
    void takesCommittedTransactionsAndSkipsAbortedOnes() throws Exception {
        String metric = Metrics.register(Metrics.key("tx.orders"), "sum");
        Instant day = Metrics.daysAgo(5);
        java.util.Properties config = new java.util.Properties();
        config.put("bootstrap.servers", EmbeddedPlatform.get().kafkaBootstrapServers());
        config.put("transactional.id", "points-" + java.util.UUID.randomUUID());
        var serializer = new org.apache.kafka.common.serialization.StringSerializer();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(config, serializer, serializer)) {
            producer.initTransactions();
            java.util.function.BiConsumer<Integer, Boolean> transaction = (value, commit) -> {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(
                        Topics.METRIC_POINTS,
                        metric,
                        "[{\"timestamp\": \"" + day.plusSeconds(value) + "\", \"value\": " + value + "}]"));
                if (commit) {
                    producer.commitTransaction();
                } else {
                    producer.abortTransaction();
                }
            };
            transaction.accept(1, true);
            transaction.accept(2, true);
            transaction.accept(100, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Metrics.dayTotal(metric, day, ""))
                    .containsEntry("sum", 3.0f));
            consumer.stop();
            consumer.start(); // resumes at the stored offset: the last commit marker stands there
            transaction.accept(3, true);
        }
        TestEvents.publish(
                Topics.METRIC_POINTS,
                metric,
                "{\"timestamp\": \"" + day.plusSeconds(4) + "\", \"value\": 4}",
                List.of()); // and a plain record after them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Metrics.dayTotal(metric, day, ""))
                .containsEntry("sum", 10.0f)
                .containsEntry("count", 4));
        Thread.sleep(1500); // nothing more arrives: not the aborted point, nothing twice
        assertThat(Metrics.dayTotal(metric, day, ""))
                .containsEntry("sum", 10.0f)
                .containsEntry("count", 4);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
