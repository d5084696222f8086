package dev.whatmoved.metrics.announce;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends rollup events to Kafka and waits until the broker has acknowledged every one of them: the announcer marks
 * buckets announced only after that. A plain producer (acknowledged by all in-sync replicas, idempotent, so the records
 * of one key keep their order, retries included; lz4-compressed batches): an announcement round sends thousands of
 * small records at once, and the reactive messaging emitter's per-message overhead was most of its cost.
 */
@ApplicationScoped
public class RollupPublisher {

    /** The longest a send may take before the round gives up (and announces the same buckets again later). */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;

    public RollupPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.startsWith("auto.offset"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "whatmoved-metrics-rollups");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends {@code records} in order and returns once all are acknowledged.
     *
     * @throws IllegalStateException if any was not (then some of them may be on the broker)
     */
    public void publish(List<ProducerRecord<byte[], byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            sent.add(producer.send(record));
        }
        producer.flush(); // every send has completed (or failed) once this returns
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka did not take a rollup event: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending rollup events", e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
