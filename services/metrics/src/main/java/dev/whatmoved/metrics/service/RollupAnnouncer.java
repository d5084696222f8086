package dev.whatmoved.metrics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.outbox.OutboxConfig;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.messaging.RollupEventData;
import dev.whatmoved.metrics.repository.OutboxRows;
import dev.whatmoved.metrics.repository.RollupRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Announces changed buckets: every round, each bucket changed since its last announcement gets one
 * {@code metric.rollup.v1} event with its current totals, written to the outbox in the transaction that marks it
 * announced. A burst of points into one bucket therefore gives one event per round, not one per point or request; and
 * since the change itself marked the bucket (same transaction as the change), no change goes unannounced, even across
 * a crash.
 */
@ApplicationScoped
public class RollupAnnouncer {

    private final Pool pool;
    private final RollupRepository rollups;
    private final Catalogue catalogue;
    private final OutboxRows outbox;
    private final ObjectMapper json;
    private final MetricsConfig config;
    private final String source;
    private final ZoneId zone;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Runnable cancelTimer = () -> {};
    private volatile boolean stopped;

    public RollupAnnouncer(
            Pool pool,
            RollupRepository rollups,
            OutboxRows outbox,
            ObjectMapper json,
            MetricsConfig config,
            OutboxConfig outboxConfig,
            Catalogue catalogue) {
        this.catalogue = catalogue;
        this.pool = pool;
        this.rollups = rollups;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.source = outboxConfig.source();
        this.zone = config.reportingZone();
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        long timer = vertx.setPeriodic(config.announce().interval().toMillis(), id -> round());
        cancelTimer = () -> vertx.cancelTimer(timer);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        cancelTimer.run();
    }

    private void round() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        announceAll()
                .onTermination()
                .invoke(() -> running.set(false))
                .subscribe()
                .with(n -> {}, failure -> Log.warnf("announcing rollups failed, will retry: %s", failure.getMessage()));
    }

    /** Announces every changed bucket; returns how many. */
    public Uni<Integer> announceAll() {
        return announceBatch()
                .flatMap(n -> n < config.announce().batchSize()
                        ? Uni.createFrom().item(n)
                        : announceAll().map(more -> n + more));
    }

    private Uni<Integer> announceBatch() {
        return pool.withTransaction(
                conn -> rollups.claimUnpublished(conn, config.announce().batchSize())
                        .flatMap(states -> catalogue
                                .resolve(states.stream()
                                        .map(BucketState::metric)
                                        .distinct()
                                        .toList())
                                .flatMap(metrics -> outbox.append(
                                        conn,
                                        EventType.METRIC_ROLLUP,
                                        source,
                                        states.stream()
                                                .map(state -> event(state, metrics.get(state.metric())))
                                                .toList()))
                                .replaceWith(states.size())));
    }

    private OutboxRows.Row event(BucketState bucket, MetricDefinition metric) {
        Map<String, String> dimensions = Dimensions.parse(bucket.dimensions());
        RollupEventData data = new RollupEventData(
                bucket.metric(),
                bucket.granularity().id(),
                bucket.bucketStart(),
                bucket.sum(),
                bucket.count(),
                bucket.revision(),
                dimensions,
                bucket.min(),
                bucket.max(),
                bucket.denominator(),
                bucket.lastValue(),
                bucket.lastAt(),
                metric == null ? null : metric.aggregation().id());
        try {
            return new OutboxRows.Row(bucket.metric(), subject(bucket, dimensions), json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a rollup event", e);
        }
    }

    /** {@code signups/day/2026-11-01}, {@code signups/hour/2026-11-01T10:00:00Z}, then {@code /country=de,...}. */
    private String subject(BucketState bucket, Map<String, String> dimensions) {
        String when = bucket.granularity() == Granularity.DAY
                ? LocalDate.ofInstant(bucket.bucketStart(), zone).toString()
                : bucket.bucketStart().toString();
        String subject = bucket.metric() + "/" + bucket.granularity().id() + "/" + when;
        if (!dimensions.isEmpty()) {
            StringBuilder dims = new StringBuilder();
            dimensions.forEach((k, v) ->
                    dims.append(dims.isEmpty() ? "" : ",").append(k).append('=').append(v));
            subject += "/" + dims;
        }
        return subject;
    }
}
