package dev.whatmoved.local.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a topic from its beginning (no consumer group, nothing committed) and remembers, per partition, the offset
 * after the last record of one CloudEvent type. The rollup topic also carries the metrics service's watermarks, sent
 * every few seconds even when nothing changes: waiting for the topic's end to stop moving would wait forever, so the
 * demo waits for attribution to pass the last <em>rollup</em> instead.
 */
final class TypedTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final byte[] type;
    private final Map<TopicPartition, Long> lastOfType = new HashMap<>();
    private long seen;

    TypedTail(String bootstrap, String topic, String type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "whatmoved-demo-tail");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.type = type.getBytes(StandardCharsets.UTF_8);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what was published since the last call; returns how many records of the type have been seen in all. */
    long advance() {
        while (true) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                return seen;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Header header = record.headers().lastHeader("ce_type");
                if (header != null && Arrays.equals(header.value(), type)) {
                    lastOfType.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    seen++;
                }
            }
        }
    }

    /** Per partition, the offset a consumer must have committed to have taken every record of the type seen so far. */
    Map<TopicPartition, Long> targets() {
        return Map.copyOf(lastOfType);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
