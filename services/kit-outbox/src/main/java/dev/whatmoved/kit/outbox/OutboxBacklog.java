package dev.whatmoved.kit.outbox;

import dev.whatmoved.kit.gauge.PeriodicQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

    private final OutboxConfig config;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong ageSeconds = new AtomicLong();
    private final PeriodicQuery measurement;

    public OutboxBacklog(Pool pool, OutboxConfig config, MeterRegistry registry) {
        this.config = config;
        this.measurement = new PeriodicQuery(pool, BACKLOG, "outbox backlog", row -> {
            events.set(row.getLong("events"));
            ageSeconds.set(Math.max(0, Math.round(row.getDouble("age"))));
        });
        Gauge.builder("whatmoved.outbox.backlog", events, AtomicLong::get)
                .description("Events written to the outbox and not yet relayed to Kafka")
                .register(registry);
        Gauge.builder("whatmoved.outbox.oldest.age.seconds", ageSeconds, AtomicLong::get)
                .description("How long the oldest event not yet relayed has waited (0: none waits)")
                .register(registry);
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        measurement.start(vertx, config.backlogInterval());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        measurement.stop();
    }
}
