package dev.whatmoved.metrics.messaging;

import dev.whatmoved.events.Topics;
import dev.whatmoved.metrics.ingest.Batch;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.Rejection;
import dev.whatmoved.metrics.ingest.RejectionLabels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends what the rollups cannot take of a metric-points record to {@code whatmoved.metric-points.dlq}: the record's key
 * and headers, the rejected points (NDJSON) as value, the reasons in {@code dead-letter-reason}. One per consumer
 * thread, with its own producer (acknowledged by all in-sync replicas, idempotent).
 */
final class DeadLetterProducer implements AutoCloseable {

    static final int MAX_REASON_LENGTH = 4000;

    private final KafkaProducer<byte[], byte[]> producer;

    DeadLetterProducer(Map<String, Object> kafkaConfig) {
        this.producer =
                new KafkaProducer<>(producerConfig(kafkaConfig), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends the rejected points of {@code p} (or its whole value, if it could not be read), with the reasons. */
    void send(ParsedRecord p) {
        ConsumerRecord<byte[], byte[]> record = p.record;
        byte[] value;
        String reason;
        int count;
        if (p.checked == null) {
            value = record.value();
            reason = p.unreadable;
            count = 1;
        } else {
            StringBuilder lines = new StringBuilder();
            StringBuilder reasons = new StringBuilder();
            boolean array = RejectionLabels.isArray(record.value());
            for (Rejection r : p.checked.rejections()) {
                if (reasons.length() < MAX_REASON_LENGTH) {
                    reasons.append(reasons.isEmpty() ? "" : "; ").append(RejectionLabels.describe(array, r));
                }
            }
            for (PointInput rejectedPoint : p.checked.rejectedPoints()) {
                lines.append(new String(
                                record.value(),
                                rejectedPoint.start,
                                rejectedPoint.end - rejectedPoint.start,
                                StandardCharsets.UTF_8))
                        .append('\n');
            }
            for (Batch.Unreadable u : p.checked.unreadable()) {
                lines.append(new String(record.value(), u.start(), u.end() - u.start(), StandardCharsets.UTF_8).strip())
                        .append('\n');
            }
            value = lines.toString().getBytes(StandardCharsets.UTF_8);
            count = p.checked.rejected();
            reason = count + " of " + (p.checked.accepted() + count) + " points rejected: " + reasons;
        }
        send(record, value, reason, count);
    }

    /** Sends {@code value} to the dead-letter topic of {@code record}, with its key, headers and the reason. */
    void send(ConsumerRecord<byte[], byte[]> record, byte[] value, String reason, int count) {
        if (reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-rejected", String.valueOf(count).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), value, headers));
    }

    /** Returns once everything sent is acknowledged (or failed). */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.startsWith("auto.offset"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
