package dev.whatmoved.metrics.operations;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.repository.OffsetRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The point consumer's lag per partition, for {@code /q/metrics}. Its offsets live in the database (table {@code
 * consumer_offset}, written with the rollups), not in Kafka's committed offsets, so a Kafka exporter's group lag says
 * nothing about it: every {@link MetricsConfig.Kafka#lagInterval()} this asks the broker for each partition's end
 * offset (read committed) and publishes {@code whatmoved_points_consumer_lag{partition}} (records not yet applied) and
 * {@code whatmoved_points_consumer_offset{partition}} (the stored next offset). A partition nothing was applied from yet
 * counts from its first retained record.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MetricsConfig.Kafka config;
    private final Map<String, Object> kafkaConfig;
    private final OffsetRepository offsets;
    private final MeterRegistry registry;
    private final Map<Integer, AtomicLong[]> partitions = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService rounds;
    private volatile Admin admin;

    public ConsumerLag(
            MetricsConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            OffsetRepository offsets,
            MeterRegistry registry) {
        this.config = config.kafka();
        this.kafkaConfig = kafkaConfig;
        this.offsets = offsets;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            return;
        }
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "whatmoved-consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.lagInterval().toMillis();
        rounds.scheduleWithFixedDelay(this::measureQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (rounds != null) {
            rounds.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private void measureQuietly() {
        try {
            measure();
        } catch (Exception e) {
            // the gauges keep their last values; the next round tries again
            Log.debugf("consumer lag: not measured this round: %s", e.toString());
        }
    }

    /** Measures every partition of the topic once (blocking). */
    public void measure() throws Exception {
        Map<Integer, Long> stored =
                offsets.stored(config.groupId(), config.topic()).await().atMost(TIMEOUT);
        Admin client = admin();
        TopicDescription topic = client.describeTopics(List.of(config.topic()))
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(config.topic());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        topic.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(config.topic(), p.partition());
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                client.listOffsets(latest, committed).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                client.listOffsets(earliest, committed).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ends.forEach((tp, end) -> {
            long start = starts.get(tp).offset();
            Long next = stored.get(tp.partition());
            long position = next == null ? start : Math.max(next, start);
            AtomicLong[] values = gauges(tp.partition());
            values[0].set(Math.max(0, end.offset() - position));
            values[1].set(next == null ? start : next);
        });
    }

    private AtomicLong[] gauges(int partition) {
        return partitions.computeIfAbsent(partition, p -> {
            AtomicLong[] values = {new AtomicLong(), new AtomicLong()};
            String tag = String.valueOf(p);
            Gauge.builder("whatmoved.points.consumer.lag", values[0], AtomicLong::get)
                    .tag("partition", tag)
                    .description("Point records of the partition not yet applied: its end offset minus the offset"
                            + " stored in the database")
                    .register(registry);
            Gauge.builder("whatmoved.points.consumer.offset", values[1], AtomicLong::get)
                    .tag("partition", tag)
                    .description("The partition's next offset to apply, as stored in the database with the rollups")
                    .register(registry);
            return values;
        });
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
            // security settings of the service's Kafka clients (SASL, TLS) apply to this client too
            kafkaConfig.forEach((key, value) -> {
                if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    props.put(key, value);
                }
            });
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "whatmoved-metrics-consumer-lag");
            admin = Admin.create(props);
        }
        return admin;
    }
}
