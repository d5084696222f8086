package dev.whatmoved.metrics.service;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.repository.RollupRepository;
import dev.whatmoved.metrics.repository.StagingRepository;
import dev.whatmoved.metrics.rollup.StagingApplier;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Reads a series of rollups. */
@ApplicationScoped
public class SeriesService {

    /** Most buckets one read may span. */
    static final long MAX_BUCKETS = 10_000;

    private static final Duration READ_POLL = Duration.ofMillis(10);

    private final Catalogue catalogue;
    private final RollupRepository rollups;
    private final StagingRepository staging;
    private final StagingApplier applier;
    private final MetricsConfig config;

    public SeriesService(
            Catalogue catalogue,
            RollupRepository rollups,
            StagingRepository staging,
            StagingApplier applier,
            MetricsConfig config) {
        this.catalogue = catalogue;
        this.staging = staging;
        this.applier = applier;
        this.rollups = rollups;
        this.config = config;
    }

    public Uni<Series> read(
            String key, Granularity granularity, Map<String, String> dimensions, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        Duration bucket = granularity == Granularity.HOUR ? Duration.ofHours(1) : Duration.ofDays(1);
        if (Duration.between(from, to).dividedBy(bucket) > MAX_BUCKETS) {
            throw ProblemException.invalid(
                    "from", "the range spans more than " + MAX_BUCKETS + " " + granularity.id() + " buckets");
        }
        return catalogue.get(key).flatMap(metric -> {
            if (metric == null) {
                throw ProblemException.notFound("metric", key);
            }
            for (String name : dimensions.keySet()) {
                if (!metric.allowsDimension(name)) {
                    throw ProblemException.invalid(
                            "dims",
                            "'" + name + "' is not a dimension of " + key + " (declared: "
                                    + String.join(", ", metric.dimensions()) + ")");
                }
            }
            return awaitStaging()
                    .chain(() -> rollups.series(key, granularity, Dimensions.canonical(dimensions), from, to))
                    .map(states -> new Series(
                            key,
                            metric.aggregation().id(),
                            metric.unit(),
                            granularity.id(),
                            Dimensions.parse(Dimensions.canonical(dimensions)),
                            from,
                            to,
                            states.stream().map(s -> bucket(metric, s)).toList()));
        });
    }

    /**
     * Read-your-writes: waits (at most {@link MetricsConfig.Staging#readWait()}) until the staged rows stored before
     * this read began are in the rollups, so points answered 202 before a read are in what it returns. A history import
     * waits the same way, so that it replaces what was answered before it.
     */
    Uni<Void> awaitStaging() {
        long deadline = System.nanoTime() + config.staging().readWait().toNanos();
        return staging.newest().chain(newest -> {
            if (newest == 0) {
                return Uni.createFrom().voidItem();
            }
            applier.hurry(); // no pacing for a read that waits
            return awaitApplied(newest, deadline);
        });
    }

    private Uni<Void> awaitApplied(long upTo, long deadline) {
        return staging.waiting(upTo).chain(waiting -> {
            if (!waiting) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() > deadline) {
                Log.warnf(
                        "a series read waited %s for the staging table to reach the rollups; reading what is there",
                        config.staging().readWait());
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(READ_POLL)
                    .chain(() -> awaitApplied(upTo, deadline));
        });
    }

    /** The reporting time zone's start of a date (for {@code from=2026-11-01}). */
    public Instant startOf(java.time.LocalDate date) {
        return date.atStartOfDay(config.reportingZone()).toInstant();
    }

    static Series.Bucket bucket(MetricDefinition metric, BucketState s) {
        Double value =
                switch (metric.aggregation()) {
                    case SUM -> s.sum();
                    case COUNT -> (double) s.count();
                    case MEAN -> s.count() == 0 ? null : s.sum() / s.count();
                    case RATIO -> s.denominator() == null || s.denominator() == 0 ? null : s.sum() / s.denominator();
                    case LAST -> s.lastValue();
                };
        return new Series.Bucket(
                s.bucketStart(),
                value,
                s.sum(),
                s.count(),
                s.min(),
                s.max(),
                s.denominator(),
                s.lastValue(),
                s.revision());
    }
}
