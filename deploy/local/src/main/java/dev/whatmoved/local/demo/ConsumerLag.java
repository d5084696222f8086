package dev.whatmoved.local.demo;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind a topic, read from the broker's own bookkeeping (end offsets and the group's
 * committed offsets): how the demo knows attribution has taken every rollup before it reports the releases.
 */
final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    ConsumerLag(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "whatmoved-demo-lag");
        this.admin = Admin.create(props);
    }

    /** End offsets of the topic's partitions, summed: grows with every record published. */
    long endOffsets(String topic) {
        return ends(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records of {@code topic} the group has not committed yet. */
    long lag(String group, String topic) {
        Map<TopicPartition, Long> ends = ends(topic);
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    private Map<TopicPartition, Long> ends(String topic) {
        var partitions =
                get(admin.describeTopics(java.util.List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                get(admin.listOffsets(partitions).all());
        return offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka admin request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
