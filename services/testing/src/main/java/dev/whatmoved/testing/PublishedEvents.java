package dev.whatmoved.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.EventSchemas;
import dev.whatmoved.events.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what services published to the real broker and checks it is a CloudEvent whose data fits its schema. */
public final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedEvents() {}

    /** A record read from Kafka, with its CloudEvents attributes and its data. */
    public record Event(String key, String id, String type, String source, String subject, JsonNode data) {}

    /**
     * Waits (up to 30 s) for the first event of {@code type} that matches {@code predicate}, asserting that every record
     * read from the topic on the way is a conforming CloudEvent.
     */
    public static Event awaitEvent(String bootstrapServers, EventType type, Predicate<Event> predicate) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, type.topic())) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = conforming(record);
                    if (event.type().equals(type.type()) && predicate.test(event)) {
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("no matching " + type.type() + " on " + type.topic() + " within 30 s");
    }

    /** Waits (up to 30 s) for a raw record on {@code topic} that matches, e.g. a dead-lettered one. */
    public static ConsumerRecord<String, String> awaitRecord(
            String bootstrapServers, String topic, Predicate<ConsumerRecord<String, String>> predicate) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, topic)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (predicate.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within 30 s");
    }

    /** The value of a record's header, or null. */
    public static String headerValue(ConsumerRecord<String, String> record, String name) {
        return optionalHeader(record, name);
    }

    /** Every record on {@code topic} now, each asserted to be a conforming CloudEvent. */
    public static List<Event> allEvents(String bootstrapServers, String topic) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add(conforming(record)));
            }
        }
        return events;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        while ((partitions == null || partitions.isEmpty()) && System.nanoTime() < deadline) {
            sleep();
            partitions = consumer.partitionsFor(topic);
        }
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new AssertionError("topic " + topic + " does not exist");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        return consumer;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Asserts that {@code record} is a CloudEvent 1.0 in binary mode whose data conforms to its type's schema. */
    public static Event conforming(ConsumerRecord<String, String> record) {
        String type = header(record, "ce_type");
        EventType eventType = EventType.fromType(type)
                .orElseThrow(() -> new AssertionError("unknown ce_type " + type + " on " + record.topic()));
        assertThat(record.topic()).as("topic of %s", type).isEqualTo(eventType.topic());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isNotBlank();
        assertThat(header(record, "ce_source")).isNotBlank();
        assertThat(OffsetDateTime.parse(header(record, "ce_time"))).isNotNull();
        assertThat(header(record, "ce_dataschema"))
                .isEqualTo(eventType.dataSchema().toString());
        assertThat(header(record, "content-type")).startsWith("application/json");
        JsonNode data = parse(record.value());
        List<String> violations = EventSchemas.violations(eventType, data);
        assertThat(violations)
                .as("%s %s against %s", type, record.value(), eventType.schemaFile())
                .isEmpty();
        return new Event(
                record.key(),
                header(record, "ce_id"),
                type,
                header(record, "ce_source"),
                optionalHeader(record, "ce_subject"),
                data);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        String value = optionalHeader(record, name);
        assertThat(value).as("header %s of a %s record", name, record.topic()).isNotNull();
        return value;
    }

    private static String optionalHeader(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("record value is not JSON: " + value, e);
        }
    }
}
