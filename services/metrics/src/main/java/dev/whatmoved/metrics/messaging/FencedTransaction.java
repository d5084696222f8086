package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.repository.BlockingTransaction;
import dev.whatmoved.metrics.repository.OffsetRepository;
import dev.whatmoved.metrics.repository.SavepointTransaction;
import dev.whatmoved.metrics.rollup.RollupWriter;
import dev.whatmoved.metrics.rollup.Unapplicable;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * One transaction of a metric-points consumer: locks the partitions' stored offsets, applies the records that continue
 * exactly at them (of partitions this consumer still owns), stores the new offsets and commits (see {@link
 * PointsConsumer} on fencing). Runs on the consumer's committer thread.
 */
final class FencedTransaction {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final MetricsConfig.Kafka config;
    private final Pool pool;
    private final OffsetRepository offsets;
    private final RollupWriter writer;
    private final PointsCounters counters;
    private final UUID owner;
    private final DeadLetterProducer deadLetters;

    FencedTransaction(
            MetricsConfig.Kafka config,
            Pool pool,
            OffsetRepository offsets,
            RollupWriter writer,
            PointsCounters counters,
            UUID owner,
            DeadLetterProducer deadLetters) {
        this.config = config;
        this.pool = pool;
        this.offsets = offsets;
        this.writer = writer;
        this.counters = counters;
        this.owner = owner;
        this.deadLetters = deadLetters;
    }

    /**
     * One transaction: lock the partitions' stored offsets, apply the records at or after them (of partitions still
     * ours), store the new offsets, commit.
     */
    AppliedBatch commit(PreparedBatch prepared) {
        long started = System.nanoTime();
        List<Integer> partitions = new ArrayList<>(prepared.nextOffsets.keySet());
        Duration timeout = TIMEOUT;
        Function<SqlConnection, AppliedBatch> work = conn -> {
            var positions = offsets.lock(conn, config.groupId(), config.topic(), partitions)
                    .await()
                    .atMost(timeout);
            AppliedBatch selected = select(prepared, positions);
            // dead letters before the commit: at least once to the DLQ, never lost
            selected.deadLetters.forEach(deadLetters::send);
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
        AppliedBatch applied = prepared.careful
                ? SavepointTransaction.runBlocking(pool, timeout, work)
                : BlockingTransaction.run(pool, timeout, work);
        if (!applied.lost.isEmpty()) {
            Log.infof(
                    "metric-points: partitions %s belong to another consumer now; dropped their records", applied.lost);
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
        counters.count(applied);
        return applied;
    }

    /**
     * Applies the records read in careful mode one by one, each under a savepoint: a record whose points the database
     * refuses for what they hold is rolled back alone and dead-lettered whole with the reason; the others count.
     */
    private void applyAlone(SqlConnection conn, AppliedBatch selected, Duration timeout) {
        boolean deadLettered = false;
        for (ParsedRecord p : selected.alone) {
            Throwable refused = SavepointTransaction.attempt(conn, () -> writer.add(conn, p.alone), Unapplicable::is)
                    .await()
                    .atMost(timeout);
            if (refused != null) {
                String reason = "the rollups refuse the record's points: " + Unapplicable.reason(refused);
                Log.warnf(
                        "metric-points: dead-lettering the record at %s-%d offset %d: %s",
                        p.record.topic(), p.record.partition(), p.record.offset(), reason);
                deadLetters.send(p.record, p.record.value(), reason, (int) p.checked.accepted());
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
    private AppliedBatch select(PreparedBatch prepared, Map<Integer, OffsetRepository.Position> positions) {
        AppliedBatch applied = new AppliedBatch(new RollupAccumulator(writer.bucketing()));
        for (Map.Entry<Integer, Long> first : prepared.firstOffsets.entrySet()) {
            int partition = first.getKey();
            OffsetRepository.Position position = positions.get(partition);
            if (position == null || !owner.equals(position.owner())) {
                applied.lost.add(partition);
            } else if (position.nextOffset() != null && !position.nextOffset().equals(first.getValue())) {
                // Below: records between the stored offset and these were read but never applied (their transaction
                // was fenced off or failed): applying these would leave a hole. Above: part of these records was
                // applied before (read again after this consumer claimed the partition anew while a transaction of
                // its own ran); the points of a partition are added up together, so they cannot be applied in part.
                // Either way: dropped, and read again from the stored offset.
                applied.behind.add(partition);
            }
        }
        for (ParsedRecord p : prepared.parsed) {
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

    static long positionOr(OffsetRepository.Position position, long otherwise) {
        return position == null || position.nextOffset() == null ? otherwise : position.nextOffset();
    }
}
