package dev.whatmoved.metrics.pull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pulls, for {@code /q/metrics}: {@code whatmoved_pulls_total{metric, kind, outcome}} (outcome {@code success} or
 * {@code failure}), {@code whatmoved_pull_rows_total{metric, kind}} and {@code
 * whatmoved_pull_last_success_seconds{metric, kind}} (when this instance last pulled it successfully, in seconds since
 * the epoch). Labels are metric keys, which only a {@code metrics:write} caller can make, and kinds; never an error's
 * text.
 */
@ApplicationScoped
public class PullMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public PullMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void succeeded(PullDefinition definition, long rows, Instant at) {
        counter("whatmoved.pulls", definition, "success").increment();
        Counter.builder("whatmoved.pull.rows")
                .description("Rows fetched by successful pulls of pulled metrics")
                .tag("metric", definition.metric())
                .tag("kind", definition.kind())
                .register(registry)
                .increment(rows);
        lastSuccess(definition).set(at.getEpochSecond());
    }

    public void failed(PullDefinition definition) {
        counter("whatmoved.pulls", definition, "failure").increment();
        lastSuccess(definition); // the gauge exists (0: never) from the first failure on, for alerts on its age
    }

    private Counter counter(String name, PullDefinition definition, String outcome) {
        return Counter.builder(name)
                .description("Pulls of pulled metrics, by outcome")
                .tag("metric", definition.metric())
                .tag("kind", definition.kind())
                .tag("outcome", outcome)
                .register(registry);
    }

    private AtomicLong lastSuccess(PullDefinition definition) {
        return lastSuccess.computeIfAbsent(definition.metric() + "\n" + definition.kind(), key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("whatmoved.pull.last.success.seconds", value, AtomicLong::get)
                    .description("When a pulled metric was last pulled successfully by this instance (epoch seconds)")
                    .tag("metric", definition.metric())
                    .tag("kind", definition.kind())
                    .register(registry);
            return value;
        });
    }
}
