package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.repository.OffsetRepository;
import dev.whatmoved.metrics.rollup.RollupWriter;
import dev.whatmoved.metrics.rollup.Unapplicable;
import dev.whatmoved.metrics.service.IngestService;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One member of the metric-points consumer group, on its own thread: polls, reads and checks the records into the next
 * batch while the previous one's {@link FencedTransaction} runs on the committer thread, and moves partitions back to
 * their stored offsets when they are assigned, fenced off or a transaction failed (see {@link PointsConsumer}).
 */
final class ConsumerLoop implements Runnable {

    /** How long a poll waits for records when there is nothing else to do. */
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /**
     * How long a poll waits for records while a transaction runs or records wait for the next one (the end of the one,
     * or a pause in the records for the other, is noticed after at most this long).
     */
    private static final Duration READ_AHEAD_POLL = Duration.ofMillis(10);

    private final MetricsConfig.Kafka config;
    private final OffsetRepository offsets;
    private final IngestService ingest;
    private final RollupWriter writer;

    final UUID owner = UUID.randomUUID();
    final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetterProducer deadLetters;
    private final FencedTransaction transaction;
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
    PreparedBatch inFlightBatch;

    /** See {@link PointsConsumer#holdNextCommit}. */
    volatile CompletableFuture<?> hold;

    /** The hold the running transaction waits for, if any: then the consumer thread waits too. */
    volatile CompletableFuture<?> held;

    /**
     * Records read and checked while the previous transaction runs, for the next one (consumer thread only). Any
     * move of a partition to its stored offset forgets that partition's records here: they are read again.
     */
    PreparedBatch pending;

    volatile boolean running = true;
    Thread thread;

    ConsumerLoop(
            MetricsConfig.Kafka config,
            Map<String, Object> kafkaConfig,
            Pool pool,
            OffsetRepository offsets,
            IngestService ingest,
            RollupWriter writer,
            PointsCounters counters) {
        this.config = config;
        this.offsets = offsets;
        this.ingest = ingest;
        this.writer = writer;
        this.consumer = new KafkaConsumer<>(
                PointsConsumer.consumerConfig(config, kafkaConfig),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.deadLetters = new DeadLetterProducer(kafkaConfig);
        this.transaction = new FencedTransaction(config, pool, offsets, writer, counters, owner, deadLetters);
    }

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
            Future<AppliedBatch> inFlight = null;
            long lastStart = System.nanoTime() - config.transactionInterval().toNanos();
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
                    AppliedBatch applied;
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
                    PreparedBatch next = pending;
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
            deadLetters.close();
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
            Log.warnf("metric-points: cannot read the stored offsets yet (%s); partitions %s wait", e, unpositioned);
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

    /**
     * One poll's records, read and checked (CPU only, no database transaction open), added to {@code into} (records
     * not yet applied, read since the running transaction began) or to a new batch.
     */
    private PreparedBatch prepare(ConsumerRecords<byte[], byte[]> records, Set<Integer> skip, PreparedBatch into) {
        PreparedBatch prepared = into != null ? into : new PreparedBatch();
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
                ParsedRecord parsed;
                if (carefulUntil != null && record.offset() < carefulUntil) {
                    // applied alone, under a savepoint of its own: keeps its points and its value
                    RollupAccumulator alone = new RollupAccumulator(writer.bucketing());
                    parsed = ParsedRecord.parse(record, alone, ingest);
                    parsed.alone = alone;
                    parsed.record = record;
                    prepared.careful = true;
                } else {
                    parsed = ParsedRecord.parse(record, rollup, ingest);
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
     * One transaction ({@link FencedTransaction}), after waiting for a hold ({@link PointsConsumer#holdNextCommit}) if
     * one is set.
     */
    private AppliedBatch commit(PreparedBatch prepared) throws Exception {
        CompletableFuture<?> stall = hold;
        if (stall != null) {
            held = stall; // (before the hold is taken: the consumer thread sees one or the other)
            hold = null;
            try {
                stall.get();
            } finally {
                held = null;
            }
        }
        return transaction.commit(prepared);
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
