package dev.whatmoved.metrics.service;

import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.catalogue.DimensionCombinations;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.domain.Point;
import dev.whatmoved.metrics.ingest.OtlpObservation;
import dev.whatmoved.metrics.ingest.OtlpReader;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.PointValidator;
import dev.whatmoved.metrics.ingest.Rejection;
import dev.whatmoved.metrics.model.CumulativeToDelta;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.repository.OtlpSeriesRepository;
import dev.whatmoved.metrics.repository.RollupRepository;
import dev.whatmoved.metrics.rollup.RollupWriter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OTLP metrics into the pipeline. A data point's own attributes become dimensions (undeclared ones reject the point);
 * resource and scope attributes become dimensions only where the metric declares them (a resource carries many
 * attributes, e.g. {@code telemetry.sdk.*}, that are the emitter's identity, not the metric's slices). Cumulative
 * totals become increments per series (the series' last total is kept in the same transaction as the rollups).
 */
@ApplicationScoped
public class OtlpService {

    /** What an export did: points taken, data points rejected, and why (first ones). */
    public record Result(long accepted, List<Rejection> rejections) {}

    private final Catalogue catalogue;
    private final Pool pool;
    private final RollupRepository rollups;
    private final OtlpSeriesRepository series;
    private final RollupWriter writer;
    private final MetricsConfig config;
    private final DimensionCombinations combinations;
    private final OperatorMetrics operatorMetrics;
    private final Clock clock = Clock.systemUTC();

    public OtlpService(
            Catalogue catalogue,
            Pool pool,
            RollupRepository rollups,
            OtlpSeriesRepository series,
            RollupWriter writer,
            MetricsConfig config,
            DimensionCombinations combinations,
            OperatorMetrics operatorMetrics) {
        this.combinations = combinations;
        this.operatorMetrics = operatorMetrics;
        this.catalogue = catalogue;
        this.pool = pool;
        this.rollups = rollups;
        this.series = series;
        this.writer = writer;
        this.config = config;
    }

    public Uni<Result> export(ExportMetricsServiceRequest request) {
        List<Rejection> rejections = new ArrayList<>();
        List<OtlpObservation> observations = OtlpReader.read(request, rejections);
        List<String> names =
                observations.stream().map(OtlpObservation::metric).distinct().toList();
        return catalogue
                .resolve(names)
                .call(metrics -> combinations.load(metrics.keySet()))
                .flatMap(metrics -> apply(observations, metrics, rejections))
                .invoke(result -> operatorMetrics.points(OperatorMetrics.OTLP, result.accepted(), result.rejections()));
    }

    private Uni<Result> apply(
            List<OtlpObservation> observations, Map<String, MetricDefinition> metrics, List<Rejection> rejections) {
        PointValidator validator = new PointValidator(
                metrics::get, clock.instant(), config.lateLimit(), config.futureLimit(), combinations);
        RollupAccumulator rollup = new RollupAccumulator(writer.bucketing());
        Map<String, List<Candidate>> cumulative = new LinkedHashMap<>();
        long[] accepted = {0};
        for (OtlpObservation o : observations) {
            PointValidator.Result checked = validator.validate(input(o, metrics.get(o.metric())), null);
            if (checked.point() == null) {
                rejections.add(new Rejection(0, o.index(), o.metric() + ": " + checked.reason()));
            } else if (o.cumulative()) {
                cumulative
                        .computeIfAbsent(hash(o.seriesKey()), k -> new ArrayList<>())
                        .add(new Candidate(o, checked.point()));
            } else if (!(o.histogram() && o.count() == 0)) { // a histogram without observations adds nothing
                rollup.add(checked.point());
                accepted[0]++;
            }
        }
        if (cumulative.isEmpty()) {
            return writer.write(rollup, false).map(ignored -> new Result(accepted[0], rejections));
        }
        return pool.withTransaction(conn -> series.lock(conn, new ArrayList<>(cumulative.keySet()))
                        .flatMap(states -> {
                            Map<String, CumulativeToDelta.State> changed = new TreeMap<>();
                            cumulative.forEach((key, candidates) -> {
                                candidates.sort(Comparator.comparingLong(
                                        c -> c.observation().timeNanos()));
                                CumulativeToDelta.State state = states.get(key);
                                for (Candidate c : candidates) {
                                    OtlpObservation o = c.observation();
                                    CumulativeToDelta.Step step = CumulativeToDelta.next(
                                            state,
                                            new CumulativeToDelta.State(
                                                    o.startNanos(), o.timeNanos(), o.value(), o.count()),
                                            o.monotonic());
                                    state = step.state();
                                    if (step.delta() != null && !(o.histogram() && step.count() == 0)) {
                                        Point p = c.point();
                                        rollup.add(new Point(
                                                p.metric(),
                                                p.timestamp(),
                                                step.delta(),
                                                p.denominator(),
                                                p.dimensions(),
                                                o.histogram() ? step.count() : 1,
                                                Double.NaN,
                                                Double.NaN));
                                        accepted[0]++;
                                    }
                                }
                                changed.put(key, state);
                            });
                            return series.save(conn, changed);
                        })
                        .flatMap(ignored -> rollups.add(conn, rollup.inLockOrder(), false)))
                .map(ignored -> new Result(accepted[0], rejections));
    }

    private record Candidate(OtlpObservation observation, Point point) {}

    private static PointInput input(OtlpObservation o, MetricDefinition metric) {
        PointInput in = new PointInput();
        in.metric = o.metric();
        in.index = o.index();
        if (o.timeNanos() > 0) {
            in.timestamp = Instant.ofEpochSecond(o.timeNanos() / 1_000_000_000L, o.timeNanos() % 1_000_000_000L);
        }
        in.value = o.value();
        in.count = o.count();
        in.min = o.min();
        in.max = o.max();
        if (o.attributeError() != null) {
            in.fail(o.attributeError());
        }
        Map<String, String> dimensions = new TreeMap<>();
        if (metric != null) {
            o.resource().forEach((k, v) -> {
                if (metric.allowsDimension(k)) {
                    dimensions.put(k, v);
                }
            });
            o.scope().forEach((k, v) -> {
                if (metric.allowsDimension(k)) {
                    dimensions.put(k, v);
                }
            });
        }
        dimensions.putAll(o.attributes());
        in.dimensions = dimensions;
        return in;
    }

    private static String hash(String seriesKey) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(seriesKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
