package dev.whatmoved.metrics.service;

import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.catalogue.DimensionCombinations;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.ingest.Batch;
import dev.whatmoved.metrics.ingest.Checked;
import dev.whatmoved.metrics.ingest.Checker;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.PointSink;
import dev.whatmoved.metrics.ingest.PointValidator;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.rollup.RollupWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one ingestion pipeline every path feeds (HTTP, NDJSON, CSV, OTLP, Kafka): check each point against the
 * catalogue and the time limits, add the valid ones up per bucket, write them in one transaction.
 */
@ApplicationScoped
public class IngestService {

    private final Catalogue catalogue;
    private final RollupWriter writer;
    private final MetricsConfig config;
    private final DimensionCombinations combinations;
    private final OperatorMetrics operatorMetrics;
    private final Clock clock = Clock.systemUTC();

    public IngestService(
            Catalogue catalogue,
            RollupWriter writer,
            MetricsConfig config,
            DimensionCombinations combinations,
            OperatorMetrics operatorMetrics) {
        this.combinations = combinations;
        this.operatorMetrics = operatorMetrics;
        this.catalogue = catalogue;
        this.writer = writer;
        this.config = config;
    }

    /** Checks a batch: the valid points' rollup and the rejections. Writes nothing. */
    public Uni<Checked> check(Batch batch, String defaultMetric) {
        Set<String> keys = new HashSet<>();
        if (defaultMetric != null) {
            keys.add(defaultMetric);
        }
        String previous = null;
        for (PointInput point : batch.points()) {
            if (point.metric != null && !point.metric.equals(previous)) {
                keys.add(point.metric);
                previous = point.metric;
            }
        }
        return catalogue
                .resolve(keys)
                .call(metrics -> combinations.load(metrics.keySet()))
                .map(metrics -> check(batch, defaultMetric, metrics));
    }

    /** {@link #check(Batch, String)} with the catalogue entries already at hand. */
    public Checked check(Batch batch, String defaultMetric, Map<String, MetricDefinition> metrics) {
        PointValidator validator = new PointValidator(
                metrics::get, clock.instant(), config.lateLimit(), config.futureLimit(), combinations);
        return Checked.of(batch, defaultMetric, validator, new RollupAccumulator(writer.bucketing()));
    }

    /**
     * Reads and checks a body as it is read ({@code reader} feeds the sink), keeping only the rejected points. Blocks on
     * catalogue misses: call it off the event loop.
     */
    public Checked checkBlocking(Consumer<PointSink> reader, String defaultMetric) {
        return checkBlocking(reader, defaultMetric, new RollupAccumulator(writer.bucketing()));
    }

    /** {@link #checkBlocking(Consumer, String)} adding the valid points to {@code rollup}. */
    public Checked checkBlocking(Consumer<PointSink> reader, String defaultMetric, RollupAccumulator rollup) {
        PointValidator validator = new PointValidator(
                Checker.memo(catalogue::getBlocking),
                clock.instant(),
                config.lateLimit(),
                config.futureLimit(),
                combinations);
        Checker checker = new Checker(validator, defaultMetric, rollup);
        reader.accept(checker);
        return checker.result();
    }

    /**
     * Writes the valid points of a checked batch; answers once they are durable, and counts them and the rejected ones
     * as points of {@code source} ({@link OperatorMetrics}).
     */
    public Uni<IngestReport> ingest(Checked checked, String source) {
        return writer.write(checked.rollup(), false)
                .invoke(() -> operatorMetrics.points(source, checked.accepted(), checked.rejections()))
                .map(ignored -> IngestReport.of(checked.accepted(), checked.rejections()));
    }

    /** Writes the points of a batch already checked; returns the new states of the buckets they touched. */
    public Uni<List<BucketState>> write(Checked checked) {
        return writer.write(checked.rollup(), true);
    }
}
