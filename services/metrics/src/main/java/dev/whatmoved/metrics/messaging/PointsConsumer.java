package dev.whatmoved.metrics.messaging;

import dev.whatmoved.events.Topics;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.model.Batch;
import dev.whatmoved.metrics.model.Checked;
import dev.whatmoved.metrics.model.PointInput;
import dev.whatmoved.metrics.model.PointReader;
import dev.whatmoved.metrics.model.Rejection;
import dev.whatmoved.metrics.model.RejectionLabels;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.repository.BlockingTransaction;
import dev.whatmoved.metrics.repository.OffsetRepository;
import dev.whatmoved.metrics.repository.SavepointTransaction;
import dev.whatmoved.metrics.service.IngestService;
import dev.whatmoved.metrics.service.RollupWriter;
import dev.whatmoved.metrics.service.Unapplicable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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
 */
@ApplicationScoped
public class PointsConsumer {

    public static final String POINTS_TYPE = "dev.whatmoved.metric.points.v1";
    /** How long a poll waits for records when there is nothing else to do. */
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /**
     * How long a poll waits for records while a transaction runs or records wait for the next one (the end of the one,
     * or a pause in the records for the other, is noticed after at most this long).
     */
    private static final Duration READ_AHEAD_POLL = Duration.ofMillis(10);

    static final int MAX_REASON_LENGTH = 4000;

    private final MetricsConfig.Kafka config;
    private final Map<String, Object> kafkaConfig;
    private final Pool pool;
    private final OffsetRepository offsets;
    private final IngestService ingest;
    private final RollupWriter writer;
    private final OperatorMetrics operatorMetrics;

    /** The running members of the group ({@link MetricsConfig.Kafka#consumersToRun()}). */
    private final List<Loop> loops = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Counter fenced;
    private final Counter unapplicable;

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
        this.operatorMetrics = operatorMetrics;
        this.unapplicable = Counter.builder("whatmoved.points.unapplicable")
                .tag("source", "kafka")
                .description("Records whose points the rollups refused (a bucket's sum overflowing...), dead-lettered"
                        + " with the reason")
                .register(registry);
        this.fenced = Counter.builder("whatmoved.points.fenced")
                .description("Records of partitions this consumer no longer owned (or read out of order), not applied")
                .register(registry);
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
            Loop loop = new Loop();
            Thread thread = new Thread(loop, "metric-points-consumer-" + loops.size());
            thread.setDaemon(true);
            loop.thread = thread;
            loops.add(loop);
            thread.start();
        }
        while (loops.size() > members) {
            Loop current = loops.remove(loops.size() - 1);
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
    public synchronized void holdNextCommit(int member, java.util.concurrent.CompletableFuture<?> release) {
        loops.get(member).hold = release;
    }

    /** Whether the consumer threads run (readiness). */
    public boolean running() {
        return !config.enabled() || (!loops.isEmpty() && loops.stream().allMatch(l -> l.thread.isAlive()));
    }

    private final class Loop implements Runnable {

        final UUID owner = UUID.randomUUID();
        final KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        final KafkaProducer<byte[], byte[]> deadLetters =
                new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        /** Runs one transaction while the consumer thread reads on. */
        final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metric-points-committer");
            t.setDaemon(true);
            return t;
        });

        /** Assigned partitions not yet moved to their stored offsets: paused until they are. */
        final Set<TopicPartition> unpositioned = new HashSet<>();
        /**
         * Partitions whose records a transaction found claimed by another consumer: if they are still assigned to this
         * one after the next poll (which runs any pending rebalance), the database claim was stale and they are
         * claimed again.
         */
        final Set<TopicPartition> suspect = new HashSet<>();

        /**
         * Per partition, where the consumer's reading stands: the stored offset it was moved to, then the position after
         * the last records read (consumer thread only). A batch of a partition begins where the reading stood.
         */
        final Map<Integer, Long> readUpTo = new HashMap<>();

        /**
         * Partitions whose records are applied one by one, each under a savepoint, up to (not including) these offsets:
         * a transaction with their records was refused by the database for what they hold, so the records that cannot
         * be applied are found, dead-lettered with the reason and passed over (consumer thread only).
         */
        final Map<Integer, Long> careful = new HashMap<>();

        /** The batch of the running transaction (consumer thread only). */
        Prepared inFlightBatch;

        /** See {@link #holdNextCommit}. */
        volatile java.util.concurrent.CompletableFuture<?> hold;

        /** The hold the running transaction waits for, if any: then the consumer thread waits too. */
        volatile java.util.concurrent.CompletableFuture<?> held;

        /**
         * Records read and checked while the previous transaction runs, for the next one (consumer thread only). Any
         * move of a partition to its stored offset forgets that partition's records here: they are read again.
         */
        Prepared pending;

        volatile boolean running = true;
        Thread thread;

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(config.topic()), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        unpositioned.removeAll(partitions);
                        suspect.removeAll(partitions);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        reposition(partitions);
                    }
                });
                Future<Applied> inFlight = null;
                long lastStart =
                        System.nanoTime() - config.transactionInterval().toNanos();
                while (running) {
                    if (!unpositioned.isEmpty() && !reposition(List.of())) {
                        sleep(config.retryBackoff()); // the database is unreachable: the partitions stay paused
                    }
                    boolean busy = pending != null || (inFlight != null && !inFlight.isDone());
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(busy ? READ_AHEAD_POLL : IDLE_POLL);
                    Set<Integer> moved = new HashSet<>();
                    if (!suspect.isEmpty()) {
                        // still ours after a poll: our claim was overwritten by a stale one, claim them again
                        suspect.retainAll(consumer.assignment());
                        if (!suspect.isEmpty()) {
                            Log.infof("metric-points: claiming %s again", suspect);
                            suspect.forEach(tp -> moved.add(tp.partition()));
                            reposition(List.copyOf(suspect));
                            suspect.clear();
                        }
                    }
                    // Read and check this poll's records, also while a transaction runs: they go into the next one,
                    // which starts once that one has ended and the records pause (a poll finds none), the batch is
                    // full or the transaction interval has passed. A stream of records or a slow database thus gets
                    // fewer, larger transactions (each writes a bucket once, however many points it gained).
                    if (!records.isEmpty()) {
                        pending = prepare(records, moved, pending);
                    }
                    if (pending != null && pending.isEmpty()) {
                        pending = null;
                    }
                    if (inFlight != null) {
                        if (!inFlight.isDone()
                                && hold == null
                                && held == null
                                && (pending == null || pending.bytes < config.maxTransactionBytes())) {
                            continue; // it still runs: read on
                        }
                        Applied applied;
                        try {
                            applied = inFlight.get();
                        } catch (ExecutionException e) {
                            inFlight = null;
                            pending = null; // what was prepared meanwhile is read again too
                            if (!running) {
                                break;
                            }
                            if (Unapplicable.is(e.getCause())) {
                                // the same records would fail the same way: read again, they go one by one
                                inFlightBatch.nextOffsets.forEach((p, next) -> careful.merge(p, next, Math::max));
                                Log.warnf(
                                        "metric-point records hold points the rollups refuse (%s); applying the"
                                                + " records of partitions %s one by one up to offsets %s",
                                        Unapplicable.reason(e.getCause()), inFlightBatch.nextOffsets.keySet(), careful);
                            }
                            Log.warnf(
                                    "applying metric-point records failed, reading them again from the stored offsets"
                                            + " after %s: %s",
                                    config.retryBackoff(), e.getCause().toString());
                            sleep(config.retryBackoff());
                            reposition(consumer.assignment());
                            continue;
                        }
                        inFlight = null;
                        applied.advanced.forEach((p, offset) ->
                                careful.computeIfPresent(p, (partition, until) -> offset >= until ? null : until));
                        if (!applied.behind.isEmpty()) {
                            // this consumer read past records that were never applied: back to the stored offsets
                            // (which forgets what is pending of them)
                            List<TopicPartition> back = applied.behind.stream()
                                    .map(p -> new TopicPartition(config.topic(), p))
                                    .filter(consumer.assignment()::contains)
                                    .toList();
                            reposition(back);
                            if (pending != null) {
                                pending.drop(applied.behind);
                            }
                        }
                        if (!applied.lost.isEmpty()) {
                            applied.lost.forEach(p -> suspect.add(new TopicPartition(config.topic(), p)));
                            if (pending != null) {
                                pending.drop(applied.lost);
                            }
                        }
                    }
                    if (pending != null
                            && !pending.isEmpty()
                            && (records.isEmpty()
                                    || pending.bytes >= config.maxTransactionBytes()
                                    || System.nanoTime() - lastStart
                                            >= config.transactionInterval().toNanos())) {
                        Prepared next = pending;
                        pending = null;
                        lastStart = System.nanoTime();
                        inFlightBatch = next;
                        inFlight = committer.submit(() -> commit(next));
                    }
                }
                if (inFlight != null) {
                    try {
                        inFlight.get();
                    } catch (ExecutionException e) {
                        Log.debugf("the last transaction before stopping failed: %s", e.getCause());
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the poll up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Log.errorf(e, "the metric-points consumer stopped");
            } finally {
                committer.shutdown();
                consumer.close(Duration.ofSeconds(5));
                deadLetters.close(Duration.ofSeconds(5));
            }
        }

        /**
         * Pauses {@code partitions} until they are moved to their stored offsets, then moves every paused partition there
         * and resumes it. Returns false (partitions stay paused, retried before the next poll) when the database cannot
         * be reached.
         */
        private boolean reposition(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                unpositioned.addAll(partitions);
                consumer.pause(partitions);
            }
            unpositioned.retainAll(consumer.assignment());
            if (unpositioned.isEmpty()) {
                return true;
            }
            try {
                seekToStored(unpositioned);
            } catch (RuntimeException e) {
                Log.warnf(
                        "metric-points: cannot read the stored offsets yet (%s); partitions %s wait", e, unpositioned);
                return false;
            }
            consumer.resume(unpositioned);
            unpositioned.clear();
            return true;
        }

        /** Claims the partitions and moves to the offsets stored with the rollups (the beginning if none). */
        private void seekToStored(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<Integer, Long> stored = offsets.claim(
                            config.groupId(),
                            config.topic(),
                            partitions.stream().map(TopicPartition::partition).toList(),
                            owner)
                    .await()
                    .atMost(Duration.ofSeconds(30));
            if (pending != null) {
                // read again from the stored offset on
                pending.drop(partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
            }
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                Long next = stored.get(partition.partition());
                if (next == null) {
                    fromStart.add(partition);
                    readUpTo.remove(partition.partition()); // (nothing stored: its first record begins the reading)
                } else {
                    consumer.seek(partition, next);
                    readUpTo.put(partition.partition(), next);
                }
            }
            if (!fromStart.isEmpty()) {
                // (an empty collection would mean every assigned partition)
                consumer.seekToBeginning(fromStart);
            }
            Log.infof("metric-points: resuming at %s", stored);
        }

        private static long positionOr(OffsetRepository.Position position, long otherwise) {
            return position == null || position.nextOffset() == null ? otherwise : position.nextOffset();
        }

        /**
         * One poll's records, read and checked (CPU only, no database transaction open), added to {@code into} (records
         * not yet applied, read since the running transaction began) or to a new batch.
         */
        private Prepared prepare(ConsumerRecords<byte[], byte[]> records, Set<Integer> skip, Prepared into) {
            Prepared prepared = into != null ? into : new Prepared();
            for (TopicPartition partition : records.partitions()) {
                int p = partition.partition();
                if (skip.contains(p)) {
                    continue; // read before the partition was moved back to its stored offset
                }
                List<ConsumerRecord<byte[], byte[]>> of = records.records(partition);
                RollupAccumulator rollup =
                        prepared.rollups.computeIfAbsent(p, k -> new RollupAccumulator(writer.bucketing()));
                Long carefulUntil = careful.get(p);
                for (ConsumerRecord<byte[], byte[]> record : of) {
                    Parsed parsed;
                    if (carefulUntil != null && record.offset() < carefulUntil) {
                        // applied alone, under a savepoint of its own: keeps its points and its value
                        RollupAccumulator alone = new RollupAccumulator(writer.bucketing());
                        parsed = parse(record, alone);
                        parsed.alone = alone;
                        parsed.record = record;
                        prepared.careful = true;
                    } else {
                        parsed = parse(record, rollup);
                    }
                    prepared.parsed.add(parsed);
                    prepared.bytes += parsed.size;
                }
                // Where this reading began and where the next begins, as the consumer's positions: offsets need not
                // be contiguous (a transactional producer's commit markers, records of aborted transactions that a
                // read_committed consumer skips), so "the first record's offset" would not meet the stored offset.
                long last = of.get(of.size() - 1).offset();
                prepared.firstOffsets.putIfAbsent(
                        p, readUpTo.getOrDefault(p, of.get(0).offset()));
                OffsetAndMetadata next = records.nextOffsets().get(partition);
                long nextOffset = next == null ? last + 1 : Math.max(last + 1, next.offset());
                prepared.nextOffsets.put(p, nextOffset);
                readUpTo.put(p, nextOffset);
            }
            return prepared;
        }

        /**
         * One transaction: lock the partitions' stored offsets, apply the records at or after them (of partitions still
         * ours), store the new offsets, commit.
         */
        private Applied commit(Prepared prepared) throws Exception {
            java.util.concurrent.CompletableFuture<?> stall = hold;
            if (stall != null) {
                held = stall; // (before the hold is taken: the consumer thread sees one or the other)
                hold = null;
                try {
                    stall.get();
                } finally {
                    held = null;
                }
            }
            long started = System.nanoTime();
            List<Integer> partitions = new ArrayList<>(prepared.nextOffsets.keySet());
            Duration timeout = Duration.ofMinutes(2);
            java.util.function.Function<SqlConnection, Applied> work = conn -> {
                var positions = offsets.lock(conn, config.groupId(), config.topic(), partitions)
                        .await()
                        .atMost(timeout);
                Applied selected = select(prepared, positions);
                // dead letters before the commit: at least once to the DLQ, never lost
                selected.deadLetters.forEach(this::deadLetter);
                deadLetters.flush();
                writer.add(conn, selected.rollup).await().atMost(timeout);
                applyAlone(conn, selected, timeout);
                Map<Integer, Long> advance = new HashMap<>();
                // never backwards: a poll that held only records applied before leaves the offset where it is
                selected.owned.forEach(
                        p -> advance.put(p, Math.max(prepared.nextOffsets.get(p), positionOr(positions.get(p), 0))));
                if (!advance.isEmpty()) {
                    offsets.advance(conn, config.groupId(), config.topic(), advance)
                            .await()
                            .atMost(timeout);
                }
                selected.advanced.putAll(advance);
                return selected;
            };
            // careful: a transaction begun by SQL, so that a record refused under its savepoint fails alone
            Applied applied = prepared.careful
                    ? SavepointTransaction.runBlocking(pool, timeout, work)
                    : BlockingTransaction.run(pool, timeout, work);
            if (!applied.lost.isEmpty()) {
                Log.infof(
                        "metric-points: partitions %s belong to another consumer now; dropped their records",
                        applied.lost);
            }
            if (!applied.behind.isEmpty()) {
                Log.infof(
                        "metric-points: the records of partitions %s do not continue at the stored offsets; dropped"
                                + " them, reading again from there",
                        applied.behind);
            }
            Log.debugf(
                    "metric-points: applied %d records (%d points, %d rejected) to %d buckets in %d ms",
                    applied.records,
                    applied.accepted,
                    applied.rejected,
                    applied.rollup.bucketCount(),
                    (System.nanoTime() - started) / 1_000_000);
            countPoints(applied);
            fenced.increment(applied.fenced);
            unapplicable.increment(applied.unapplicable);
            return applied;
        }

        /**
         * Applies the records read in careful mode one by one, each under a savepoint: a record whose points the
         * database refuses for what they hold is rolled back alone and dead-lettered whole with the reason; the others
         * count.
         */
        private void applyAlone(SqlConnection conn, Applied selected, Duration timeout) {
            boolean deadLettered = false;
            for (Parsed p : selected.alone) {
                Throwable refused = SavepointTransaction.attempt(
                                conn, () -> writer.add(conn, p.alone), Unapplicable::is)
                        .await()
                        .atMost(timeout);
                if (refused != null) {
                    String reason = "the rollups refuse the record's points: " + Unapplicable.reason(refused);
                    Log.warnf(
                            "metric-points: dead-lettering the record at %s-%d offset %d: %s",
                            p.record.topic(), p.record.partition(), p.record.offset(), reason);
                    deadLetter(p.record, p.record.value(), reason, (int) p.checked.accepted());
                    deadLettered = true;
                    selected.accepted -= p.checked.accepted();
                    selected.rejected += p.checked.accepted();
                    selected.unapplicable++;
                }
            }
            if (deadLettered) {
                deadLetters.flush();
            }
        }

        /**
         * Which records this transaction applies: those of partitions still ours that continue exactly at the stored
         * offset.
         */
        private Applied select(Prepared prepared, Map<Integer, OffsetRepository.Position> positions) {
            Applied applied = new Applied(new RollupAccumulator(writer.bucketing()));
            for (Map.Entry<Integer, Long> first : prepared.firstOffsets.entrySet()) {
                int partition = first.getKey();
                OffsetRepository.Position position = positions.get(partition);
                if (position == null || !owner.equals(position.owner())) {
                    applied.lost.add(partition);
                } else if (position.nextOffset() != null
                        && !position.nextOffset().equals(first.getValue())) {
                    // Below: records between the stored offset and these were read but never applied (their
                    // transaction was fenced off or failed): applying these would leave a hole. Above: part of these
                    // records was applied before (read again after this consumer claimed the partition anew while a
                    // transaction of its own ran); the points of a partition are added up together, so they cannot be
                    // applied in part. Either way: dropped, and read again from the stored offset.
                    applied.behind.add(partition);
                }
            }
            for (Parsed p : prepared.parsed) {
                if (applied.lost.contains(p.partition) || applied.behind.contains(p.partition)) {
                    applied.fenced++;
                    continue;
                }
                applied.owned.add(p.partition);
                applied.records++;
                if (p.alone != null && p.checked != null && !p.alone.isEmpty()) {
                    applied.alone.add(p);
                }
                if (p.checked != null) {
                    applied.accepted += p.checked.accepted();
                    applied.rejected += p.checked.rejected();
                    if (p.checked.rejected() > 0) {
                        applied.deadLetters.add(p);
                    }
                } else if (p.unreadable != null) {
                    applied.rejected++;
                    applied.deadLetters.add(p);
                }
            }
            for (int partition : applied.owned) {
                RollupAccumulator rollup = prepared.rollups.get(partition);
                if (rollup != null) {
                    applied.rollup.merge(rollup);
                }
            }
            return applied;
        }

        private Parsed parse(ConsumerRecord<byte[], byte[]> record, RollupAccumulator rollup) {
            Parsed p = new Parsed(record);
            Header type = record.headers().lastHeader("ce_type");
            if (type != null && !POINTS_TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                p.record = null;
                return p; // another event type: skipped, so producers can add types
            }
            if (record.value() == null || record.value().length == 0) {
                p.unreadable = "the record has no value (a batch of points: JSON array or NDJSON)";
                return p;
            }
            String defaultMetric = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            p.checked = ingest.checkBlocking(sink -> PointReader.read(record.value(), sink), defaultMetric, rollup);
            if (p.checked.rejected() == 0) {
                p.record = null; // nothing of it goes to the dead-letter topic
            }
            return p;
        }

        private void deadLetter(Parsed p) {
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
                    lines.append(new String(record.value(), u.start(), u.end() - u.start(), StandardCharsets.UTF_8)
                                    .strip())
                            .append('\n');
                }
                value = lines.toString().getBytes(StandardCharsets.UTF_8);
                count = p.checked.rejected();
                reason = count + " of " + (p.checked.accepted() + count) + " points rejected: " + reasons;
            }
            deadLetter(record, value, reason, count);
        }

        /** Sends {@code value} to the dead-letter topic of {@code record}, with its key, headers and the reason. */
        private void deadLetter(ConsumerRecord<byte[], byte[]> record, byte[] value, String reason, int count) {
            if (reason.length() > MAX_REASON_LENGTH) {
                reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
            }
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-rejected", String.valueOf(count).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(
                    "dead-letter-partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
            deadLetters.send(
                    new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), value, headers));
        }

        private void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /**
     * The records of one transaction (of one poll or several), read and checked, and where each partition's records
     * begin and end.
     */
    private static final class Prepared {
        final List<Parsed> parsed = new ArrayList<>();
        final Map<Integer, Long> firstOffsets = new HashMap<>();
        final Map<Integer, Long> nextOffsets = new HashMap<>();
        /** The valid points of each partition's records, added up. */
        final Map<Integer, RollupAccumulator> rollups = new HashMap<>();
        /** The size of the records' values. */
        long bytes;
        /** Whether some records are applied alone ({@link Loop#careful}). */
        boolean careful;

        /** Forgets the records of {@code partitions}. */
        void drop(Set<Integer> partitions) {
            parsed.removeIf(p -> {
                boolean dropped = partitions.contains(p.partition);
                if (dropped) {
                    bytes -= p.size;
                }
                return dropped;
            });
            partitions.forEach(p -> {
                firstOffsets.remove(p);
                nextOffsets.remove(p);
                rollups.remove(p);
            });
        }

        boolean isEmpty() {
            return nextOffsets.isEmpty();
        }
    }

    /** One record, read and checked. */
    private static final class Parsed {
        final int partition;
        /** The size of its value. */
        final int size;
        /**
         * The record, kept only when something of it goes to the dead-letter topic: a batch holds what many polls read,
         * so it keeps their sums, not their values.
         */
        ConsumerRecord<byte[], byte[]> record;

        Checked checked;
        String unreadable;
        /** In careful mode: the record's valid points, applied alone (the record is then kept). */
        RollupAccumulator alone;

        Parsed(ConsumerRecord<byte[], byte[]> record) {
            this.partition = record.partition();
            this.size = record.value() == null ? 0 : record.value().length;
            this.record = record;
        }
    }

    /**
     * Counts the points of a transaction ({@link OperatorMetrics}): each rejected point by its reason, an unreadable
     * record as one {@code malformed}, and the points of records the rollups refused as {@code unapplicable}.
     */
    private void countPoints(Applied applied) {
        operatorMetrics.accepted(OperatorMetrics.KAFKA, applied.accepted);
        long listed = 0;
        for (Parsed p : applied.deadLetters) {
            if (p.checked != null) {
                operatorMetrics.points(OperatorMetrics.KAFKA, 0, p.checked.rejections());
                listed += p.checked.rejected();
            } else {
                operatorMetrics.rejected(OperatorMetrics.KAFKA, "malformed", 1);
                listed++;
            }
        }
        if (applied.rejected > listed) {
            operatorMetrics.rejected(OperatorMetrics.KAFKA, OperatorMetrics.UNAPPLICABLE, applied.rejected - listed);
        }
    }

    /** What one transaction applies. */
    private static final class Applied {
        final RollupAccumulator rollup;
        final Set<Integer> owned = new HashSet<>();
        final Set<Integer> lost = new HashSet<>();
        /** Partitions whose records begin above the stored offset. */
        final Set<Integer> behind = new HashSet<>();

        final List<Parsed> deadLetters = new ArrayList<>();
        /** Records applied one by one (careful mode). */
        final List<Parsed> alone = new ArrayList<>();
        /** The offsets stored for the partitions, by partition. */
        final Map<Integer, Long> advanced = new HashMap<>();

        long unapplicable;
        long accepted;
        long rejected;
        long records;
        long fenced;

        Applied(RollupAccumulator rollup) {
            this.rollup = rollup;
        }
    }

    private Map<String, Object> consumerConfig() {
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

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.keySet().removeIf(k -> k.startsWith("group.") || k.startsWith("auto.offset"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
