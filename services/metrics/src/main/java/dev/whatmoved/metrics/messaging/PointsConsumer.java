package dev.whatmoved.metrics.messaging;

import dev.whatmoved.events.EventType;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.repository.OffsetRepository;
import dev.whatmoved.metrics.rollup.RollupWriter;
import dev.whatmoved.metrics.service.IngestService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Takes point batches from {@code whatmoved.metric-points} with an exactly-once effect on the rollups.
 *
 * <p>One thread polls a plain {@link KafkaConsumer}; the records are checked and added up per bucket as they are read,
 * and written in one database transaction together with each partition's next offset ({@code consumer_offset}). While
 * one transaction runs (on its own thread), the consumer reads on: what it reads meanwhile goes into the next
 * transaction, which starts when the records pause, or at most every {@link MetricsConfig.Kafka#transactionInterval()}
 * while they keep coming (up to {@link MetricsConfig.Kafka#maxTransactionBytes()}): a stream of records or a slow
 * database gets fewer, larger transactions, not a backlog. A batch keeps the sums of its records, not their values
 * (only those of records with rejected points, for the dead-letter topic). Kafka's committed offsets are not used: on
 * assignment the consumer claims the partitions in the database and seeks to the offsets stored with the rollups, so
 * after any crash (even between the commit and anything else) it resumes exactly after the last applied record.
 *
 * <p>Fencing: the transaction re-reads the stored offsets under a row lock and applies a partition's records only if
 * this consumer still owns the partition (the {@code owner} column, set by the last claim) and its records continue
 * exactly where the stored offset stands (records beginning above it would leave a hole, records beginning below it
 * were applied in part already: either way they are dropped and the partition is moved back to the stored offset, to be
 * read again from there; a move back also forgets what was read ahead of the partition). A consumer that lost its
 * partition (a rebalance, a pause longer than the poll interval) therefore cannot apply anything after the new owner
 * claimed it, and every record is applied once, whichever member applies it.
 *
 * <p>Records that are not CloudEvents are read as plain batches; a CloudEvent of another type than
 * {@code dev.whatmoved.metric.points.v1} is skipped. Rejected points go to {@code whatmoved.metric-points.dlq}: the
 * record's key and headers, the rejected points (NDJSON) as value, the reasons in {@code dead-letter-reason}. The valid
 * points of the same record still count.
 *
 * <p>The parts: {@link ConsumerLoop} (one group member's thread: polling, read-ahead batching, moving partitions to
 * their stored offsets), {@link ParsedRecord} and {@link PreparedBatch} (records read and checked), {@link
 * FencedTransaction} (the fenced database transaction, {@link AppliedBatch} its outcome), {@link DeadLetterProducer}
 * and {@link PointsCounters}.
 */
@ApplicationScoped
public class PointsConsumer {

    public static final String POINTS_TYPE = EventType.METRIC_POINTS.type();

    private final MetricsConfig.Kafka config;
    private final Map<String, Object> kafkaConfig;
    private final Pool pool;
    private final OffsetRepository offsets;
    private final IngestService ingest;
    private final RollupWriter writer;
    private final PointsCounters counters;

    /** The running members of the group ({@link MetricsConfig.Kafka#consumersToRun()}). */
    private final List<ConsumerLoop> loops = new CopyOnWriteArrayList<>();

    public PointsConsumer(
            MetricsConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            Pool pool,
            OffsetRepository offsets,
            IngestService ingest,
            RollupWriter writer,
            MeterRegistry registry,
            OperatorMetrics operatorMetrics) {
        this.config = config.kafka();
        this.kafkaConfig = kafkaConfig;
        this.pool = pool;
        this.offsets = offsets;
        this.ingest = ingest;
        this.writer = writer;
        this.counters = new PointsCounters(registry, operatorMetrics);
    }

    void onStart(@Observes StartupEvent startup) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stop();
    }

    /** Starts consuming (again), with the configured number of consumers. */
    public synchronized void start() {
        if (loops.isEmpty()) {
            scale(config.consumersToRun());
        }
    }

    /**
     * Stops consuming and waits for the threads to end. A transaction in flight either commits with its offsets or not
     * at all; nothing is committed to Kafka, so this is, for the data, the same as a crash.
     */
    public synchronized void stop() {
        scale(0);
    }

    /**
     * Runs {@code members} consumers in the group: starts more, or stops the newest ones (their partitions move to the
     * others in a rebalance).
     */
    public synchronized void scale(int members) {
        while (loops.size() < members) {
            ConsumerLoop loop = new ConsumerLoop(config, kafkaConfig, pool, offsets, ingest, writer, counters);
            Thread thread = new Thread(loop, "metric-points-consumer-" + loops.size());
            thread.setDaemon(true);
            loop.thread = thread;
            loops.add(loop);
            thread.start();
        }
        while (loops.size() > members) {
            ConsumerLoop current = loops.remove(loops.size() - 1);
            current.running = false;
            current.consumer.wakeup();
            try {
                current.thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many consumers run. */
    public synchronized int members() {
        return loops.size();
    }

    /**
     * Fault injection for tests: the next transaction of consumer {@code member} waits until {@code release} completes
     * before it begins (as a process paused or stalled mid-ingest: a zombie). Its consumer thread waits for it too, so
     * it stops polling and the group takes its partitions away after the poll interval.
     */
    public synchronized void holdNextCommit(int member, CompletableFuture<?> release) {
        loops.get(member).hold = release;
    }

    /** Whether the consumer threads run (readiness). */
    public boolean running() {
        return !config.enabled() || (!loops.isEmpty() && loops.stream().allMatch(l -> l.thread.isAlive()));
    }

    /** The consumer settings of one group member: no auto-commit (the offsets are stored with the rollups), read_committed. */
    static Map<String, Object> consumerConfig(MetricsConfig.Kafka config, Map<String, Object> kafkaConfig) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxPartitionFetchBytes());
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(52_428_800, config.maxPartitionFetchBytes() * 3));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                config.maxPollInterval().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                Math.max(1000, config.sessionTimeout().toMillis() / 4));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "whatmoved-metrics-points-" + UUID.randomUUID());
        return props;
    }
}
