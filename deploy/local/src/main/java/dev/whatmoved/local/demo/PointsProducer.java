package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.LauncherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The analytics platform's export to {@code whatmoved.metric-points}: one record per metric and week, keyed by the
 * metric (so a metric's points stay in order on one partition), its value a JSON array of the week's points.
 */
final class PointsProducer implements AutoCloseable {

    /** Points per record: a week of daily totals. */
    static final int POINTS_PER_RECORD = 7;

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;

    PointsProducer(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "whatmoved-demo-export");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /**
     * Produces the metric's points and waits until the broker has every record.
     *
     * @return how many records were produced
     */
    int send(String metric, List<MetricSeries.Point> points) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int from = 0; from < points.size(); from += POINTS_PER_RECORD) {
            ArrayNode batch = Http.JSON.createArrayNode();
            for (MetricSeries.Point point : points.subList(from, Math.min(points.size(), from + POINTS_PER_RECORD))) {
                ObjectNode node = batch.addObject();
                node.put("timestamp", point.middle().toString());
                node.put("value", point.value());
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    Topics.METRIC_POINTS, metric, batch.toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LauncherException("could not produce " + metric + " points to Kafka at " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while producing points", e);
        }
        return sent.size();
    }

    /**
     * The days of the points of {@code metrics} already on the topic (a run before produced them): the metrics service
     * applies each record exactly once, whenever it gets to it, so those days must not be produced again. Reads the
     * whole topic, keys first (a record of another metric is not parsed).
     */
    static Map<String, Set<LocalDate>> daysOnTopic(String bootstrap, Set<String> metrics) {
        Map<String, Set<LocalDate>> days = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "whatmoved-demo-topic-check");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.METRIC_POINTS, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new LauncherException(
                            "gave up reading " + Topics.METRIC_POINTS + " (to see which points a run before sent)",
                            LauncherException.STARTUP_FAILED);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && metrics.contains(record.key())) {
                        Set<LocalDate> ofMetric = days.computeIfAbsent(record.key(), k -> new HashSet<>());
                        try {
                            for (JsonNode point : Http.JSON.readTree(record.value())) {
                                ofMetric.add(LocalDate.ofInstant(
                                        Instant.parse(point.path("timestamp").asText()), ZoneOffset.UTC));
                            }
                        } catch (IOException | RuntimeException e) {
                            // not the demo's record: its points are none of the demo's days
                        }
                    }
                }
            }
        }
        return days;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
