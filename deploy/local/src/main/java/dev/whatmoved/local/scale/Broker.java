package dev.whatmoved.local.scale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The bench's own Kafka clients: the point producer, offsets, consumer groups and the outcome events. */
final class Broker implements AutoCloseable {

    /** One {@code outcome.measured.v1} event as found on {@code whatmoved.outcomes}. */
    record OutcomeEvent(String eventId, String outcomeId, int version, int partition, long offset) {}

    private final String bootstrap;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;

    Broker(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(adminConfig);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    void send(String metric, byte[] points) {
        producer.send(new ProducerRecord<>(Topics.METRIC_POINTS, metric, points));
    }

    void flush() {
        producer.flush();
    }

    int partitions(String topic) {
        return get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .partitions()
                .size();
    }

    /** The end offset of every partition of a topic. */
    Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> end.put(tp.partition(), offset));
            return end;
        }
    }

    /** For each member of a consumer group, how many partitions it holds. */
    List<Integer> assignments(String group) {
        ConsumerGroupDescription description =
                get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
        List<Integer> sizes = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            sizes.add(member.assignment().topicPartitions().size());
        }
        return sizes;
    }

    /**
     * A bare consumer's read of a topic: how many records, how long it took, and how many are of {@code type} with the
     * first and last such record's time.
     */
    record TopicScan(long records, double seconds, long ofType, long firstTimestamp, long lastTimestamp) {}

    /** Reads a topic from its beginning to its current end with a plain consumer, as fast as it goes. */
    TopicScan scan(String topic, EventType type) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            long ofType = 0;
            long bytes = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long start = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    String recordType = header(record, "ce_type");
                    bytes += record.value().length + recordType.length();
                    if (type.type().equals(recordType)) {
                        ofType++;
                        first = Math.min(first, record.timestamp());
                        last = Math.max(last, record.timestamp());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (records > 0 && bytes == 0) {
                throw new IllegalStateException(topic + " holds empty records");
            }
            return new TopicScan(records, seconds, ofType, first, last);
        }
    }

    /** The sum of a consumer group's committed offsets (0 when it has committed none). */
    long committed(String group) {
        return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).values().stream()
                .filter(java.util.Objects::nonNull)
                .mapToLong(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset)
                .sum();
    }

    /** Every {@code outcome.measured.v1} on {@code whatmoved.outcomes}, from the beginning to the current end. */
    List<OutcomeEvent> outcomeEvents() {
        String topic = Topics.OUTCOMES;
        List<OutcomeEvent> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!EventType.OUTCOME_MEASURED.type().equals(header(record, "ce_type"))) {
                        continue;
                    }
                    JsonNode data = Api.read(record.value());
                    events.add(new OutcomeEvent(
                            header(record, "ce_id"),
                            data.path("outcomeId").asText(),
                            data.path("version").asInt(),
                            record.partition(),
                            record.offset()));
                }
            }
        }
        return events;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
