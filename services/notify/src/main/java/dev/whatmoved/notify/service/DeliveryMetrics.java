package dev.whatmoved.notify.service;

import dev.whatmoved.kit.gauge.PeriodicQuery;
import dev.whatmoved.notify.config.NotifyConfig;
import io.micrometer.core.instrument.Counter;
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
 * /q/metrics of deliveries: attempts by channel and result (counters), and, measured on a timer, the deliveries still
 * pending, the age of the oldest one and the receivers failing in a row (gauges).
 */
@ApplicationScoped
public class DeliveryMetrics {

    private static final String GAUGES = "select"
            + " (select count(*) from delivery where status = 'pending') as pending,"
            + " (select coalesce(extract(epoch from now() - min(created_at)), 0) from delivery"
            + "   where status = 'pending') as oldest,"
            + " (select count(*) from rule where consecutive_failures >= $1) as failing";

    private final MeterRegistry registry;
    private final NotifyConfig config;
    private final Vertx vertx;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private final AtomicLong failing = new AtomicLong();
    private final PeriodicQuery gauges;

    public DeliveryMetrics(MeterRegistry registry, NotifyConfig config, Pool pool, Vertx vertx) {
        this.registry = registry;
        this.config = config;
        this.vertx = vertx;
        this.gauges = new PeriodicQuery(
                pool, GAUGES.replace("$1", Integer.toString(config.failingAfter())), "delivery gauges", row -> {
                    pending.set(row.getLong("pending"));
                    oldestSeconds.set(Math.round(row.getDouble("oldest")));
                    failing.set(row.getLong("failing"));
                });
        Gauge.builder("whatmoved.notify.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries not yet sent (waiting for their first attempt or a retry)")
                .register(registry);
        Gauge.builder("whatmoved.notify.deliveries.oldest.pending.age.seconds", oldestSeconds, AtomicLong::get)
                .description("Age of the oldest pending delivery, seconds (0 when none is pending)")
                .register(registry);
        Gauge.builder("whatmoved.notify.receivers.failing", failing, AtomicLong::get)
                .description("Rules whose receiver failed whatmoved.notify.failing-after times or more in a row")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        gauges.start(vertx, config.gaugeInterval());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        gauges.stop();
    }

    /** One attempt: {@code result} is delivered, retry or failed (given up). */
    public void attempt(String channel, String result) {
        Counter.builder("whatmoved.notify.deliveries")
                .description("Delivery attempts by channel and result (delivered, retry, failed)")
                .tag("channel", channel)
                .tag("result", result)
                .register(registry)
                .increment();
    }
}
