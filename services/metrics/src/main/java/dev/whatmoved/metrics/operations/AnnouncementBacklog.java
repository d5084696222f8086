package dev.whatmoved.metrics.operations;

import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.repository.DueRollupRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The announcer's backlog for {@code /q/metrics}, what the outbox gauges are in the services with an outbox (metrics
 * has none: its rollup table is its outbox): {@code whatmoved_rollups_due} (buckets changed and not yet announced or
 * passed over) and {@code whatmoved_rollups_due_oldest_age_seconds}. Measured every
 * {@link MetricsConfig.Announce#backlogInterval()} on a thread of its own, never on the scrape; the gauges are NaN until
 * first measured and keep their last values while the database cannot be asked.
 */
@ApplicationScoped
public class AnnouncementBacklog {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DueRollupRepository due;
    private final Duration interval;
    /** NaN until first measured, so a scrape never shows an empty backlog that nobody measured. */
    private volatile double buckets = Double.NaN;

    private volatile double oldest = Double.NaN;
    private volatile ScheduledExecutorService rounds;

    public AnnouncementBacklog(DueRollupRepository due, MetricsConfig config, MeterRegistry registry) {
        this.due = due;
        this.interval = config.announce().backlogInterval();
        Gauge.builder("whatmoved.rollups.due", this, backlog -> backlog.buckets)
                .description("Rollup buckets changed and not yet announced (or passed over): the announcer's backlog")
                .strongReference(true)
                .register(registry);
        Gauge.builder("whatmoved.rollups.due.oldest.age.seconds", this, backlog -> backlog.oldest)
                .description("How long the longest due rollup bucket has waited to be announced (0: none)")
                .strongReference(true)
                .register(registry);
    }

    void onStart(@Observes StartupEvent startup) {
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "whatmoved-announcement-backlog");
            thread.setDaemon(true);
            return thread;
        });
        rounds.scheduleWithFixedDelay(this::measureQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (rounds != null) {
            rounds.shutdownNow();
        }
    }

    private void measureQuietly() {
        try {
            DueRollupRepository.Backlog backlog = due.backlog().await().atMost(TIMEOUT);
            buckets = backlog.buckets();
            oldest = backlog.oldestAgeSeconds();
        } catch (RuntimeException e) {
            Log.debugf("announcement backlog: not measured this round: %s", e.toString());
        }
    }
}
