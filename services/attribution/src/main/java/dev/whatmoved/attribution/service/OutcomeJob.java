package dev.whatmoved.attribution.service;

import dev.whatmoved.kit.outage.DatabaseOutage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every {@code whatmoved.outcomes.job.every}, and at once when a metric's watermark moves: computes the checkpoints whose window's data is complete and those an
 * event marked stale (a late rollup, an amendment, an overlapping release, a rollback). Several instances may run it:
 * each checkpoint is locked while computed, and a locked one is skipped.
 */
@ApplicationScoped
public class OutcomeJob {

    private final OutcomeEngine engine;
    private final Clock clock;
    private final DatabaseOutage outage;
    private final boolean onWatermark;
    /** One run at a time in this instance, whether the schedule or a watermark started it. */
    private final ReentrantLock running = new ReentrantLock();
    /** A watermark moved while a run was going on: that run goes round once more. */
    private final AtomicBoolean again = new AtomicBoolean();

    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outcome-job-nudge");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    public OutcomeJob(OutcomeEngine engine, Clock clock, DatabaseOutage outage, OutcomesConfig config) {
        this.engine = engine;
        this.clock = clock;
        this.outage = outage;
        this.onWatermark = config.job().onWatermark();
    }

    /**
     * A metric's watermark moved: checkpoints that waited for it may be due now. Starts a run at once on a thread of
     * its own (the caller, the rollup consumer, does not wait), or makes the run going on go round once more.
     */
    public void watermarkMoved() {
        if (!onWatermark || stopping) {
            return;
        }
        again.set(true);
        if (!running.isLocked()) {
            nudges.execute(this::run);
        }
    }

    @Scheduled(
            identity = "outcomes",
            every = "${whatmoved.outcomes.job.every}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!running.tryLock()) {
            again.set(true); // the run going on goes round once more
            return;
        }
        try {
            do {
                again.set(false);
                runOnce();
            } while (again.get() && !stopping);
        } finally {
            running.unlock();
        }
    }

    private void runOnce() {
        if (stopping) {
            return; // the database pool may be closed already; the next start picks up what is due
        }
        try {
            int measured = VertxContextSupport.subscribeAndAwait(() -> engine.refresh(clock.instant()));
            if (measured > 0) {
                Log.infof("measured %d outcome versions", measured);
            }
        } catch (Throwable failure) {
            // an unreachable database is logged once for the whole outage (DatabaseOutage), not once a run
            if (!stopping && !outage.report(failure)) {
                Log.error("the outcome job failed; the next run retries", failure);
            }
        }
    }

    /** Observed before the datasource closes: runs that start afterwards do nothing. */
    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        nudges.shutdown();
    }
}
