package dev.whatmoved.attribution.service;

import dev.whatmoved.kit.outage.DatabaseOutage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * Every {@code whatmoved.outcomes.job.every}: computes the checkpoints whose window's data is complete and those an
 * event marked stale (a late rollup, an amendment, an overlapping release, a rollback). Several instances may run it:
 * each checkpoint is locked while computed, and a locked one is skipped.
 */
@ApplicationScoped
public class OutcomeJob {

    private final OutcomeEngine engine;
    private final Clock clock;
    private final DatabaseOutage outage;
    private volatile boolean stopping;

    public OutcomeJob(OutcomeEngine engine, Clock clock, DatabaseOutage outage) {
        this.engine = engine;
        this.clock = clock;
        this.outage = outage;
    }

    @Scheduled(
            identity = "outcomes",
            every = "${whatmoved.outcomes.job.every}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
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
    }
}
