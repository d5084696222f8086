package dev.whatmoved.metrics.rollup;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.ingest.PointReader;
import dev.whatmoved.metrics.model.BucketDelta;
import dev.whatmoved.metrics.model.BucketKey;
import dev.whatmoved.metrics.model.Bucketing;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.model.RollupCodec;
import dev.whatmoved.metrics.repository.QuarantineRepository;
import dev.whatmoved.metrics.repository.RollupRepository;
import dev.whatmoved.metrics.repository.SavepointTransaction;
import dev.whatmoved.metrics.repository.StagingRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adds the staging table to the rollups: takes the oldest waiting rows (up to {@link MetricsConfig.Staging#batchSize()}), merges
 * their deltas, upserts each bucket once and deletes the rows, all in one transaction, so a row is applied exactly once
 * even if the service dies at any point (its rows stay and are applied after the restart, or by another instance).
 * Runs when a group commit signals new rows, and on a sweep timer for rows nobody signalled. One round at a time per
 * instance; instances skip the rows another one holds.
 *
 * <p>Rounds are paced: while requests keep coming, a round starts at most once per
 * {@link MetricsConfig.Staging#applyInterval()}, so each round merges what many group commits stored and a bucket that
 * many requests add to is upserted once per interval (the database's work follows the buckets, not the requests). A
 * round starts at once after a quiet spell, while a full batch still leaves rows waiting, and when a series read waits
 * for the staging table ({@link #hurry()}), so pacing never delays a read.
 *
 * <p>A row answered 202 must never stop the others: when the database refuses a round's buckets for what they hold
 * (checks at the door should make that impossible, but a bucket's sum can still overflow), the round is run again
 * applying what it can and moving each refused bucket, with the reason, to {@code staging_quarantine}
 * ({@code whatmoved_intake_quarantined_total}, the health check's data); rows that cannot be read go there too.
 */
@ApplicationScoped
public class StagingApplier {

    /** Quarantined entries logged one by one per round; the others are counted. */
    private static final int MAX_LOGGED = 20;

    private final Pool pool;
    private final StagingRepository staging;
    private final RollupRepository rollups;
    private final MetricsConfig.Staging config;
    private final Bucketing bucketing;
    private final Counter applied;
    private final Counter rounds;
    private final Counter quarantined;
    private final QuarantineRepository quarantines;
    private final AtomicBoolean running = new AtomicBoolean();
    /** A round is due at a timer (pacing): set while one is. */
    private final AtomicBoolean due = new AtomicBoolean();

    private volatile boolean again;
    /** A read waits: the next round starts without waiting for the interval. */
    private volatile boolean hurried;
    /** When the last round started ({@link System#nanoTime()}). */
    private volatile long lastStart;

    private Vertx vertx;
    private volatile boolean stopped;
    private volatile CompletableFuture<?> hold;
    private volatile Runnable cancelTimer = () -> {};

    public StagingApplier(
            Pool pool,
            StagingRepository staging,
            RollupRepository rollups,
            QuarantineRepository quarantines,
            MetricsConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.staging = staging;
        this.rollups = rollups;
        this.quarantines = quarantines;
        this.config = config.staging();
        this.bucketing = new Bucketing(config.reportingZone());
        this.applied = Counter.builder("whatmoved.intake.applied")
                .description("Points moved from the staging table into the rollups")
                .register(registry);
        this.rounds = Counter.builder("whatmoved.intake.rounds")
                .description("Transactions that moved staged rows into the rollups")
                .register(registry);
        this.quarantined = Counter.builder("whatmoved.intake.quarantined")
                .description("Staged buckets the rollups refused (or staged rows that could not be read), moved to"
                        + " staging_quarantine with the reason")
                .register(registry);
        this.lastStart = System.nanoTime() - this.config.applyInterval().toNanos();
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        this.vertx = vertx;
        long timer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> signal());
        cancelTimer = () -> vertx.cancelTimer(timer);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        cancelTimer.run();
    }

    /** New rows wait: apply them (now, or when the interval since the last round has passed). */
    public void signal() {
        again = true;
        if (stopped) {
            return;
        }
        long early = config.applyInterval().toNanos() - (System.nanoTime() - lastStart);
        if (early > 0 && !hurried && vertx != null) {
            if (due.compareAndSet(false, true)) {
                vertx.setTimer(Math.max(1, early / 1_000_000), id -> {
                    due.set(false);
                    signal();
                });
            }
            return;
        }
        if (!running.compareAndSet(false, true)) {
            return; // the running round signals again when it ends
        }
        again = false;
        hurried = false;
        lastStart = System.nanoTime();
        applyBatch()
                .subscribe()
                .with(
                        round -> {
                            running.set(false);
                            applied.increment(round.points());
                            rounds.increment();
                            quarantined.increment(round.quarantined());
                            if (round.rows() >= config.batchSize()) {
                                hurry(); // a backlog: the next batch is as large as they get, no reason to wait
                            } else if (again || hurried) {
                                signal();
                            }
                        },
                        failure -> {
                            running.set(false);
                            if (!stopped) {
                                Log.warnf(
                                        "applying the staging table failed, retrying within %s: %s",
                                        config.sweepInterval(), failure.toString());
                            }
                        });
    }

    /**
     * A reader waits for the rows stored so far: the next round starts at once (or right after the running one), not
     * at the end of the interval.
     */
    public void hurry() {
        hurried = true;
        signal();
    }

    /**
     * Fault injection for tests: rounds wait until {@code release} completes before they begin (an applier that has
     * fallen behind).
     */
    public void holdUntil(CompletableFuture<?> release) {
        hold = release;
    }

    /** What one round applied, and how many buckets (or unreadable rows) it moved to the quarantine. */
    record Round(int rows, long points, int quarantined) {

        Round(int rows, long points) {
            this(rows, points, 0);
        }
    }

    /**
     * One round, committed when the result arrives. When the database refuses the merged buckets for what they hold
     * ({@link Unapplicable}: a key over an index's limit, a sum overflowing), the round runs again isolating them: the
     * buckets it can add go into the rollups, those it cannot go to the quarantine, and the staging table goes on.
     */
    Uni<Round> applyBatch() {
        CompletableFuture<?> held = hold;
        if (held != null && !held.isDone()) {
            return Uni.createFrom().completionStage(held).chain(this::applyBatch);
        }
        return pool.withTransaction(conn -> staging.claim(conn, config.batchSize())
                        .emitOn(Infrastructure.getDefaultWorkerPool()) // decoding and merging is CPU work
                        .flatMap(entries -> {
                            if (entries.isEmpty()) {
                                return Uni.createFrom().item(new Round(0, 0));
                            }
                            ClaimedRows claimed = ClaimedRows.read(entries, bucketing);
                            return rollups.add(conn, claimed.merged.inLockOrder(), false)
                                    .chain(() -> finish(conn, claimed, List.of()));
                        }))
                .onFailure(RollupWriter::isTransient)
                .retry()
                .withBackOff(Duration.ofMillis(50))
                .atMost(3)
                .onFailure(failure -> Unapplicable.is(failure) && !stopped)
                .recoverWithUni(failure -> {
                    Log.warnf(
                            "the rollups refuse buckets of the staging table (%s): applying the round bucket by bucket",
                            Unapplicable.reason(failure));
                    return isolatingRound()
                            .onFailure(RollupWriter::isTransient)
                            .retry()
                            .withBackOff(Duration.ofMillis(50))
                            .atMost(3);
                });
    }

    /**
     * A round that applies what it can: the merged buckets go in halves, each under a savepoint, down to the single
     * buckets the database refuses, which are quarantined with its reason. Buckets stay in lock order throughout.
     */
    private Uni<Round> isolatingRound() {
        return SavepointTransaction.run(pool, conn -> staging.claim(conn, config.batchSize())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(entries -> {
                    if (entries.isEmpty()) {
                        return Uni.createFrom().item(new Round(0, 0));
                    }
                    ClaimedRows claimed = ClaimedRows.read(entries, bucketing);
                    List<QuarantineRepository.Entry> refused = new ArrayList<>();
                    return applyOrSplit(conn, claimed.merged.inLockOrder(), refused)
                            .chain(() -> finish(conn, claimed, refused));
                }));
    }

    /**
     * Adds {@code buckets}; if the database refuses them, each half of them, and so on: a single bucket it refuses goes
     * to {@code refused}.
     */
    private Uni<Void> applyOrSplit(
            SqlConnection conn,
            List<Map.Entry<BucketKey, BucketDelta>> buckets,
            List<QuarantineRepository.Entry> refused) {
        if (buckets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return SavepointTransaction.attempt(conn, () -> rollups.add(conn, buckets, false), Unapplicable::is)
                .flatMap(failure -> {
                    if (failure == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (buckets.size() == 1) {
                        refused.add(quarantined(buckets.get(0), Unapplicable.reason(failure)));
                        return Uni.createFrom().voidItem();
                    }
                    int half = buckets.size() / 2;
                    return applyOrSplit(conn, buckets.subList(0, half), refused)
                            .chain(() -> applyOrSplit(conn, buckets.subList(half, buckets.size()), refused));
                });
    }

    private QuarantineRepository.Entry quarantined(Map.Entry<BucketKey, BucketDelta> bucket, String reason) {
        BucketKey key = bucket.getKey();
        return new QuarantineRepository.Entry(
                key.metric(),
                key.granularity().id(),
                key.dimensions(),
                Instant.ofEpochSecond(key.start()),
                bucket.getValue().count(),
                reason,
                RollupCodec.encode(new RollupAccumulator(bucketing).add(key, bucket.getValue())));
    }

    /** Quarantines what could not be applied or read, and deletes the round's rows from the staging table. */
    private Uni<Round> finish(SqlConnection conn, ClaimedRows claimed, List<QuarantineRepository.Entry> refused) {
        List<QuarantineRepository.Entry> quarantine = new ArrayList<>(claimed.unreadable);
        quarantine.addAll(refused);
        quarantine.stream()
                .limit(MAX_LOGGED)
                .forEach(q -> Log.warnf(
                        "staging quarantine: %s%s",
                        q.metric() == null
                                ? ""
                                : q.metric() + " " + q.granularity() + " " + q.bucketStart() + " "
                                        + PointReader.abbreviate(q.dims()) + ": ",
                        q.reason()));
        if (quarantine.size() > MAX_LOGGED) {
            Log.warnf("staging quarantine: %d more (see staging_quarantine)", quarantine.size() - MAX_LOGGED);
        }
        return quarantines
                .add(conn, quarantine)
                .chain(() -> staging.delete(conn, claimed.ids))
                .replaceWith(new Round(claimed.ids.size(), claimed.points, quarantine.size()));
    }
}
