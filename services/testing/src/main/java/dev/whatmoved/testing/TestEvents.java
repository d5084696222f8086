package dev.whatmoved.testing;

import dev.whatmoved.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes records to the real broker the way another service (or a broken producer) would. */
public final class TestEvents {

    private TestEvents() {}

    /** Publishes a CloudEvent in binary mode, as the outbox relay does; returns its id. */
    public static String publish(EventType type, String key, String subject, String data) {
        String id = UUID.randomUUID().toString();
        publish(type.topic(), key, data, cloudEventHeaders(id, type, subject));
        return id;
    }

    /** The binary-mode CloudEvents headers of an event of {@code type}. */
    public static List<Header> cloudEventHeaders(String id, EventType type, String subject) {
        return List.of(
                header("ce_specversion", "1.0"),
                header("ce_id", id),
                header("ce_type", type.type()),
                header("ce_source", "/whatmoved/tests"),
                header("ce_subject", subject),
                header("ce_time", Instant.now().toString()),
                header("ce_dataschema", type.dataSchema().toString()),
                header("content-type", "application/json"));
    }

    /** Publishes any record, e.g. one without CloudEvents headers; waits for the broker's acknowledgement. */
    public static void publish(String topic, String key, String value, List<Header> headers) {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedPlatform.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
