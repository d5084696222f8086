package dev.whatmoved.attribution.operations;

import dev.whatmoved.attribution.model.Verdict;
import dev.whatmoved.attribution.service.OutcomeRecorded;
import dev.whatmoved.attribution.service.OutcomesConfig;
import dev.whatmoved.kit.gauge.PeriodicQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What attribution does, for {@code /q/metrics}:
 *
 * <ul>
 *   <li>{@code whatmoved_outcomes_measured_total{verdict}}: outcomes written (a checkpoint measured, or measured again
 *       with new data), by verdict;
 *   <li>{@code whatmoved_guardrail_breaches_total}: outcomes that found a guardrail breached;
 *   <li>{@code whatmoved_checkpoints_pending}: checkpoints due and waiting to be measured (none of their computations
 *       failed); {@code whatmoved_checkpoints_failed}: checkpoints whose last computation failed and that are retried
 *       (backing off); {@code whatmoved_checkpoints_given_up}: checkpoints that failed {@code
 *       whatmoved.outcomes.job.max-attempts} times in a row and wait for new data. The gauges are counted in the
 *       database every {@code whatmoved.outcomes.gauge-interval} (15 s), never on the scrape itself.
 * </ul>
 */
@ApplicationScoped
public class OperatorMetrics {

    private static final String CHECKPOINTS =
            """
            select count(*) filter (where stale and due_at <= now() and failures = 0) as pending,
                   count(*) filter (where stale and failures > 0) as failed,
                   count(*) filter (where not stale and failures > 0) as given_up
              from checkpoint
            """;

    private final MeterRegistry registry;
    private final java.time.Duration interval;
    private final PeriodicQuery measurement;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter breaches;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    public OperatorMetrics(MeterRegistry registry, Pool pool, OutcomesConfig config) {
        this.registry = registry;
        this.interval = config.gaugeInterval();
        this.measurement = new PeriodicQuery(pool, CHECKPOINTS, "checkpoint gauges", row -> {
            pending.set(row.getLong("pending"));
            failed.set(row.getLong("failed"));
            givenUp.set(row.getLong("given_up"));
        });
        for (Verdict verdict : Verdict.values()) {
            outcome(verdict.label());
        }
        this.breaches = Counter.builder("whatmoved.guardrail.breaches")
                .description("Outcomes that found a guardrail degraded beyond its tolerance")
                .register(registry);
        Gauge.builder("whatmoved.checkpoints.pending", pending, AtomicLong::get)
                .description("Checkpoints due and waiting to be measured")
                .register(registry);
        Gauge.builder("whatmoved.checkpoints.failed", failed, AtomicLong::get)
                .description("Checkpoints whose last computation failed, retried with backoff")
                .register(registry);
        Gauge.builder("whatmoved.checkpoints.given.up", givenUp, AtomicLong::get)
                .description("Checkpoints given up after repeated failures, until new data arrives")
                .register(registry);
    }

    /** Counts an outcome version as the outcome engine writes it (in its transaction, before the commit). */
    void onOutcome(@Observes OutcomeRecorded recorded) {
        outcome(recorded.verdict(), recorded.guardrailBreached());
    }

    /** Counts an outcome written with {@code verdict} (its label), and a guardrail breach if it found one. */
    public void outcome(String verdict, boolean guardrailBreached) {
        outcome(verdict).increment();
        if (guardrailBreached) {
            breaches.increment();
        }
    }

    private Counter outcome(String verdict) {
        return outcomes.computeIfAbsent(verdict, v -> Counter.builder("whatmoved.outcomes.measured")
                .tag("verdict", v)
                .description("Outcomes written, by verdict")
                .register(registry));
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        measurement.start(vertx, interval);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        measurement.stop();
    }
}
