package dev.whatmoved.kit.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox's backlog for {@code /q/metrics}: {@code whatmoved_outbox_backlog} (events written but not yet relayed to
 * Kafka) and {@code whatmoved_outbox_oldest_age_seconds} (how long the oldest of them has waited; 0 when there is none).
 * Measured every {@link OutboxConfig#backlogInterval()} by every instance (the table is the service's, so instances
 * show the same figures), never on the scrape itself.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final String BACKLOG = "select count(*) as events,"
            + " coalesce(extract(epoch from now() - min(occurred_at)), 0)::float8 as age from outbox_event";

    private final Pool pool;
    private final OutboxConfig config;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong ageSeconds = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Runnable cancelTimer = () -> {};

    public OutboxBacklog(Pool pool, OutboxConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        Gauge.builder("whatmoved.outbox.backlog", events, AtomicLong::get)
                .description("Events written to the outbox and not yet relayed to Kafka")
                .register(registry);
        Gauge.builder("whatmoved.outbox.oldest.age.seconds", ageSeconds, AtomicLong::get)
                .description("How long the oldest event not yet relayed has waited (0: none waits)")
                .register(registry);
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        measure();
        long timer = vertx.setPeriodic(config.backlogInterval().toMillis(), id -> measure());
        cancelTimer = () -> vertx.cancelTimer(timer);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        cancelTimer.run();
    }

    private void measure() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pool.query(BACKLOG)
                .execute()
                .onTermination()
                .invoke(() -> running.set(false))
                .subscribe()
                .with(
                        rows -> {
                            Row row = rows.iterator().next();
                            events.set(row.getLong("events"));
                            ageSeconds.set(Math.max(0, Math.round(row.getDouble("age"))));
                        },
                        failure -> Log.debugf("outbox backlog: not measured: %s", failure.getMessage()));
    }
}
