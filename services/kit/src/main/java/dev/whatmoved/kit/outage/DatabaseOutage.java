package dev.whatmoved.kit.outage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's view of its database being unreachable: the first failure that is an outage ({@link Unreachable}) is
 * logged once as a WARN, then the database is probed with {@code select 1} every second until it answers, and its
 * return is logged once as an INFO with the outage's length. Requests meanwhile answer 503 with {@code Retry-After}
 * (kit.problem.ProblemMappers, kit.http.RequestGuard) instead of a 500 and an ERROR each. The gauge
 * {@code whatmoved.database.unreachable} is 1 during an outage.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** What a 503 tells the client to wait, in seconds: about how long the probe takes to notice the return. */
    public static final int RETRY_AFTER_SECONDS = 5;

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final Instance<Pool> pool;
    private final Vertx vertx;
    private final AtomicReference<Instant> since = new AtomicReference<>();
    private final AtomicLong failuresDuringOutage = new AtomicLong();
    private volatile boolean stopped;

    public DatabaseOutage(Instance<Pool> pool, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("whatmoved.database.unreachable", this, o -> o.since.get() == null ? 0 : 1)
                .description("1 while the service's database cannot be reached, else 0")
                .register(registry);
    }

    /**
     * Takes note of {@code failure}: true when it means the database is unreachable (the caller answers 503); the
     * outage's start is logged once, however many failures follow.
     */
    public boolean report(Throwable failure) {
        String reason = Unreachable.reason(failure);
        if (reason == null) {
            return false;
        }
        failuresDuringOutage.incrementAndGet();
        if (since.compareAndSet(null, Instant.now())) {
            Log.warnf(
                    "database unreachable (%s): answering 503 with Retry-After until it is back; probing every %d s",
                    reason, PROBE_INTERVAL.toSeconds());
            scheduleProbe();
        }
        return true;
    }

    /** Whether the database is known to be unreachable right now. */
    public boolean unreachable() {
        return since.get() != null;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
    }

    private void scheduleProbe() {
        if (stopped || !pool.isResolvable()) {
            return;
        }
        vertx.setTimer(PROBE_INTERVAL.toMillis(), id -> probe());
    }

    private void probe() {
        if (stopped) {
            return;
        }
        pool.get().query("select 1").execute().subscribe().with(ok -> back(), failure -> scheduleProbe());
    }

    private void back() {
        Instant start = since.getAndSet(null);
        if (start != null) {
            Duration lasted = Duration.between(start, Instant.now());
            Log.infof(
                    "database reachable again after %d.%01d s (%d failed requests or polls answered as an outage)",
                    lasted.toSeconds(), lasted.toMillisPart() / 100, failuresDuringOutage.getAndSet(0));
        }
    }
}
