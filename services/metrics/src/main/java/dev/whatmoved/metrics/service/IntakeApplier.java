package dev.whatmoved.metrics.service;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.model.Bucketing;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.model.RollupCodec;
import dev.whatmoved.metrics.repository.IntakeRepository;
import dev.whatmoved.metrics.repository.RollupRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adds the intake to the rollups: takes the oldest waiting rows (up to {@link MetricsConfig.Intake#batchSize()}), merges
 * their deltas, upserts each bucket once and deletes the rows, all in one transaction, so a row is applied exactly once
 * even if the service dies at any point (its rows stay and are applied after the restart, or by another instance).
 * Runs when a group commit signals new rows, and on a sweep timer for rows nobody signalled. One round at a time per
 * instance; instances skip the rows another one holds.
 *
 * <p>Rounds are paced: while requests keep coming, a round starts at most once per
 * {@link MetricsConfig.Intake#applyInterval()}, so each round merges what many group commits stored and a bucket that
 * many requests add to is upserted once per interval (the database's work follows the buckets, not the requests). A
 * round starts at once after a quiet spell, while a full batch still leaves rows waiting, and when a series read waits
 * for the intake ({@link #hurry()}), so pacing never delays a read.
 */
@ApplicationScoped
public class IntakeApplier {

    private final Pool pool;
    private final IntakeRepository intake;
    private final RollupRepository rollups;
    private final MetricsConfig.Intake config;
    private final Bucketing bucketing;
    private final Counter applied;
    private final Counter rounds;
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

    public IntakeApplier(
            Pool pool,
            IntakeRepository intake,
            RollupRepository rollups,
            MetricsConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.intake = intake;
        this.rollups = rollups;
        this.config = config.intake();
        this.bucketing = new Bucketing(config.reportingZone());
        this.applied = Counter.builder("whatmoved.intake.applied")
                .description("Points moved from the intake into the rollups")
                .register(registry);
        this.rounds = Counter.builder("whatmoved.intake.rounds")
                .description("Transactions that moved intake rows into the rollups")
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
                                        "applying the intake failed, retrying within %s: %s",
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

    /** What one round applied. */
    record Round(int rows, long points) {}

    /** One round, committed when the result arrives. */
    Uni<Round> applyBatch() {
        CompletableFuture<?> held = hold;
        if (held != null && !held.isDone()) {
            return Uni.createFrom().completionStage(held).chain(this::applyBatch);
        }
        return pool.withTransaction(conn -> intake.claim(conn, config.batchSize())
                        .emitOn(Infrastructure.getDefaultWorkerPool()) // decoding and merging is CPU work
                        .flatMap(entries -> {
                            if (entries.isEmpty()) {
                                return Uni.createFrom().item(new Round(0, 0));
                            }
                            RollupAccumulator merged = new RollupAccumulator(bucketing);
                            long points = 0;
                            for (IntakeRepository.Entry entry : entries) {
                                RollupCodec.decodeInto(entry.deltas(), merged);
                                points += entry.points();
                            }
                            Round round = new Round(entries.size(), points);
                            return rollups.add(conn, merged.inLockOrder(), false)
                                    .chain(() -> intake.delete(
                                            conn,
                                            entries.stream()
                                                    .map(IntakeRepository.Entry::id)
                                                    .toList()))
                                    .replaceWith(round);
                        }))
                .onFailure(RollupWriter::isTransient)
                .retry()
                .withBackOff(Duration.ofMillis(50))
                .atMost(3);
    }
}
