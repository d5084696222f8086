package dev.whatmoved.metrics.pull;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs due pulls: each tick claims as many due definitions as there are free pull threads (moving their next pull one
 * interval on) and runs each on a thread of its own, so a slow or hanging source holds up only its own thread.
 */
@ApplicationScoped
public class PullScheduler {

    private final PullRepository repository;
    private final PullRunner runner;
    private final PullConfig config;
    private final AtomicInteger running = new AtomicInteger();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean stopping;

    public PullScheduler(PullRepository repository, PullRunner runner, PullConfig config) {
        this.repository = repository;
        this.runner = runner;
        this.config = config;
        AtomicInteger number = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(config.concurrency(), task -> {
            Thread thread = new Thread(task, "metric-pull-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(
            every = "${whatmoved.metrics.pull.tick:5s}",
            delayed = "${whatmoved.metrics.pull.tick:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    void tick() {
        if (stopping) {
            return;
        }
        int free = config.concurrency() - running.get();
        if (free <= 0) {
            return;
        }
        List<PullState> due;
        try {
            due = repository.claimDue(Instant.now(), free).await().atMost(config.timeout());
        } catch (RuntimeException e) {
            Log.debugf("due pulls could not be claimed: %s", e.toString()); // the database's own check shows it
            return;
        }
        for (PullState state : due) {
            if (!inFlight.add(state.metric())) {
                continue; // still pulling it since an earlier claim (a pull longer than its interval)
            }
            running.incrementAndGet();
            threads.execute(() -> {
                try {
                    runner.run(state);
                } finally {
                    inFlight.remove(state.metric());
                    running.decrementAndGet();
                }
            });
        }
    }

    /** No pull starts once the application stops (the database pool closes under a running one). */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    /** Skips ticks on an instance configured not to pull. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {

        private final PullConfig config;

        public Disabled(PullConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
