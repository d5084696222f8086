package dev.whatmoved.metrics.rollup;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.model.BucketKey;
import dev.whatmoved.metrics.model.Bucketing;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.model.RollupCodec;
import dev.whatmoved.metrics.repository.RollupRepository;
import dev.whatmoved.metrics.repository.StagingRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes rollup deltas. HTTP requests go through a group commit: while one transaction runs, the requests that arrive
 * wait and the next transaction writes all of them at once, and each request is answered when the transaction holding
 * its points has committed. So many small concurrent requests cost few transactions. Up to
 * {@link MetricsConfig#writers()} such transactions run at once (the database works on one transaction per core).
 *
 * <p>Where a request needs nothing back, its transaction stores the group's points, added up per bucket, as one staging
 * row ({@link StagingApplier} then merges many such rows into one upsert of the rollups); otherwise it upserts the
 * rollups itself and returns the buckets' new states. Upserts lock buckets in one order, so they cannot deadlock on
 * each other.
 */
@ApplicationScoped
public class RollupWriter {

    /** Most buckets one group-commit transaction takes (the rest wait for the next). */
    static final int MAX_BUCKETS_PER_FLUSH = 50_000;

    private final Pool pool;
    private final RollupRepository rollups;
    private final StagingRepository staging;
    private final StagingApplier applier;
    private final Bucketing bucketing;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flushing = new AtomicInteger();
    private final int writers;

    public RollupWriter(
            Pool pool,
            RollupRepository rollups,
            StagingRepository staging,
            StagingApplier applier,
            MetricsConfig config) {
        this.pool = pool;
        this.rollups = rollups;
        this.staging = staging;
        this.applier = applier;
        this.bucketing = new Bucketing(config.reportingZone());
        this.writers = Math.max(1, config.writers());
    }

    public Bucketing bucketing() {
        return bucketing;
    }

    private record Pending(RollupAccumulator rollup, boolean returning, UniEmitter<? super List<BucketState>> done) {}

    /**
     * Makes {@code rollup} durable; the result completes once it is committed.
     *
     * @param returning whether to return the new states of the buckets {@code rollup} touched (then it goes into the
     *     rollups at once; otherwise into the staging table, and reads see it once it is applied)
     */
    public Uni<List<BucketState>> write(RollupAccumulator rollup, boolean returning) {
        if (rollup.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().emitter(emitter -> {
            pending.add(new Pending(rollup, returning, emitter));
            flushIfIdle();
        });
    }

    /** Adds {@code rollup} in the caller's transaction (the Kafka path, which stores its offsets in the same one). */
    public Uni<Void> add(SqlConnection conn, RollupAccumulator rollup) {
        return rollups.add(conn, rollup.inLockOrder(), false).replaceWithVoid();
    }

    private void flushIfIdle() {
        int running;
        do {
            running = flushing.get();
            if (pending.isEmpty() || running >= writers) {
                return;
            }
        } while (!flushing.compareAndSet(running, running + 1));

        List<Pending> batch = new ArrayList<>();
        RollupAccumulator merged = new RollupAccumulator(bucketing);
        boolean returning = false;
        Pending next;
        while ((batch.isEmpty() || merged.bucketCount() < MAX_BUCKETS_PER_FLUSH) && (next = pending.poll()) != null) {
            batch.add(next);
            merged.merge(next.rollup());
            returning |= next.returning();
        }
        if (batch.isEmpty()) { // another writer took them
            done();
            return;
        }
        boolean withStates = returning;
        Uni<List<BucketState>> transaction = withStates
                ? pool.withTransaction(conn -> rollups.add(conn, merged.inLockOrder(), true))
                : stage(merged);
        transaction
                .onFailure(RollupWriter::isTransient)
                .retry()
                .atMost(3)
                .subscribe()
                .with(
                        states -> {
                            done();
                            if (!withStates) {
                                applier.signal();
                            }
                            for (Pending p : batch) {
                                p.done().complete(p.returning() ? statesOf(p.rollup(), states) : List.of());
                            }
                        },
                        failure -> {
                            done();
                            if (Unapplicable.is(failure) && batch.size() > 1) {
                                // the rollups refuse what one of them holds: each alone, so only that one fails
                                batch.forEach(p -> writeAlone(p));
                            } else {
                                batch.forEach(p -> p.done().fail(refusal(failure)));
                            }
                        });
    }

    /** Writes one request's points in a transaction of its own (after its group's transaction was refused). */
    private void writeAlone(Pending p) {
        Uni<List<BucketState>> transaction = p.returning()
                ? pool.withTransaction(conn -> rollups.add(conn, p.rollup().inLockOrder(), true))
                : stage(p.rollup());
        transaction
                .onFailure(RollupWriter::isTransient)
                .retry()
                .atMost(3)
                .subscribe()
                .with(
                        states -> {
                            if (!p.returning()) {
                                applier.signal();
                            }
                            p.done().complete(p.returning() ? statesOf(p.rollup(), states) : List.of());
                        },
                        failure -> p.done().fail(refusal(failure)));
    }

    /**
     * What a request is failed with: when the rollups refuse its points for what they hold (a bucket's sum would
     * overflow), a 422 saying so, since sending them again fails again; otherwise the failure itself (500).
     */
    private static Throwable refusal(Throwable failure) {
        if (!Unapplicable.is(failure)) {
            return failure;
        }
        Log.warnf("the rollups refused the points of a request: %s", Unapplicable.reason(failure));
        return new ProblemException(
                422,
                "points-not-applicable",
                "Points the rollups cannot take",
                "the rollups cannot take these points (a bucket's total would leave the range of a double, or a value"
                        + " is beyond what the database stores); nothing of this request was stored",
                List.of());
    }

    private Uni<List<BucketState>> stage(RollupAccumulator merged) {
        byte[] deltas = RollupCodec.encode(merged);
        return pool.withTransaction(conn -> staging.stage(conn, merged.points(), merged.bucketCount(), deltas))
                .replaceWith(List.<BucketState>of());
    }

    private void done() {
        flushing.decrementAndGet();
        flushIfIdle();
    }

    private static List<BucketState> statesOf(RollupAccumulator rollup, List<BucketState> states) {
        return states.stream()
                .filter(s -> rollup.contains(new BucketKey(
                        s.metric(),
                        s.granularity(),
                        s.dimensions(),
                        s.bucketStart().getEpochSecond())))
                .toList();
    }

    /** A deadlock or serialization failure: the transaction can simply run again. */
    public static boolean isTransient(Throwable failure) {
        return failure instanceof PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }
}
