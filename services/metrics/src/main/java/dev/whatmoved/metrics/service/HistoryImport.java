package dev.whatmoved.metrics.service;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.announce.InterestDeclarations;
import dev.whatmoved.metrics.announce.RollupAnnouncer;
import dev.whatmoved.metrics.catalogue.DimensionCombinations;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.ingest.Checked;
import dev.whatmoved.metrics.ingest.Checker;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.PointReader;
import dev.whatmoved.metrics.ingest.PointSink;
import dev.whatmoved.metrics.ingest.PointValidator;
import dev.whatmoved.metrics.ingest.Rejection;
import dev.whatmoved.metrics.ingest.RejectionLabels;
import dev.whatmoved.metrics.model.BucketDelta;
import dev.whatmoved.metrics.model.BucketKey;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.repository.InterestRepository;
import dev.whatmoved.metrics.repository.RollupRepository;
import dev.whatmoved.metrics.repository.RollupRepository.Replaced;
import dev.whatmoved.metrics.rollup.RollupWriter;
import dev.whatmoved.metrics.rollup.Unapplicable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Imports a metric's history, of any age: the late limit guards live streams against wrong clocks, an import is
 * history on purpose. Every other check of a point still applies, and a file is taken whole or not at all.
 *
 * <p>An import <em>sets</em> the buckets its points fall into (each hour and day, of the total and of each dimension
 * combination in the file) to what those points make, instead of adding to them as live points do. So importing the
 * same file again changes nothing (a bucket that already holds the file's totals keeps its revision, and no event is
 * sent), and a corrected file replaces what it covers: each bucket whose totals differ takes the file's as a new
 * revision, which the announcer sends as a {@code metric.rollup.v1} event with that higher revision, so attribution
 * re-measures the outcomes whose windows hold it. Buckets the file has no point in are left as they are (an event
 * cannot say that a bucket is gone: a rollup always holds at least one point).
 *
 * <p>Buckets of series no consumer reads ({@code metric.interest.v1}) are marked as announced (passed over) by the
 * import itself, under a shared hold of the declarations' lock ({@link InterestDeclarations#holdShared}): a declaration
 * that makes such a series read again waits for the import, then makes its buckets due; an import after it sees it.
 */
@ApplicationScoped
public class HistoryImport {

    /** Buckets per statement (a transaction of many statements): 2 years of hours and days are two statements. */
    static final int STATEMENT_BUCKETS = 10_000;

    /** Rejections listed in a 400 (all are counted in its detail). */
    static final int MAX_LISTED = 100;

    private final Pool pool;
    private final RollupRepository rollups;
    private final RollupWriter writer;
    private final SeriesService series;
    private final DimensionCombinations combinations;
    private final MetricsConfig config;
    private final InterestRepository interests;
    private final Counter passedOver;
    private final Clock clock = Clock.systemUTC();

    public HistoryImport(
            Pool pool,
            RollupRepository rollups,
            RollupWriter writer,
            SeriesService series,
            DimensionCombinations combinations,
            MetricsConfig config,
            InterestRepository interests,
            MeterRegistry registry) {
        this.interests = interests;
        // the announcer's counter: buckets passed over here are never due, so it does not see them
        this.passedOver = RollupAnnouncer.passedOverCounter(registry);
        this.pool = pool;
        this.rollups = rollups;
        this.writer = writer;
        this.series = series;
        this.combinations = combinations;
        this.config = config;
    }

    /**
     * What an import did.
     *
     * @param points the file's points
     * @param from the oldest point's timestamp
     * @param to the newest point's timestamp
     * @param buckets hour and day buckets the points fall into (total and dimension combinations)
     * @param created buckets that did not exist before (revision 1)
     * @param revised buckets that held other totals and took the file's as a new revision
     * @param unchanged buckets that held the file's totals already
     */
    public record Result(
            String metric,
            long points,
            Instant from,
            Instant to,
            int buckets,
            int created,
            int revised,
            int unchanged) {}

    /**
     * Checks every point {@code reader} finds (blocking on catalogue misses: call it off the event loop), then, if all
     * are valid, sets their buckets in one transaction. Any invalid point refuses the whole file with a 400 naming
     * each line and field.
     */
    public Uni<Result> importHistory(MetricDefinition metric, Consumer<PointSink> reader) {
        return importHistory(metric, reader, conn -> Uni.createFrom().voidItem());
    }

    /**
     * As {@link #importHistory(MetricDefinition, Consumer)}, and runs {@code alsoInTransaction} in the transaction that
     * sets the buckets: a pulled metric advances its watermark there, so the buckets and the watermark are stored
     * together or not at all. A failure of it rolls the import back.
     */
    public Uni<Result> importHistory(
            MetricDefinition metric, Consumer<PointSink> reader, Function<SqlConnection, Uni<Void>> alsoInTransaction) {
        String key = metric.key();
        // points naming another metric are refused before the validator asks the catalogue (see Span)
        PointValidator validator = PointValidator.forHistory(
                k -> key.equals(k) ? metric : null, clock.instant(), config.futureLimit(), combinations);
        RollupAccumulator rollup = new RollupAccumulator(writer.bucketing());
        Checker checker = new Checker(validator, key, rollup);
        Span span = new Span(key, checker);
        reader.accept(span);
        Checked checked = checker.result();
        if (!checked.rejections().isEmpty()) {
            throw refused(checked.rejections());
        }
        if (checked.accepted() == 0) {
            throw ProblemException.invalid("body", "holds no points: a CSV header row and rows, or NDJSON points");
        }
        List<Map.Entry<BucketKey, BucketDelta>> buckets = rollup.inLockOrder();
        long begin = System.nanoTime();
        return series.awaitStaging()
                .chain(() -> pool.withTransaction(conn -> InterestDeclarations.holdShared(conn)
                        .chain(() -> interests.load(conn))
                        .chain(interest -> replaceAll(
                                conn,
                                buckets,
                                0,
                                new Replaced(0, 0, 0),
                                b -> interest.announces(b.metric(), b.granularity(), b.dimensions())))
                        .call(() -> alsoInTransaction.apply(conn))))
                .onFailure(RollupWriter::isTransient)
                .retry()
                .atMost(3)
                .onFailure(Unapplicable::is)
                .transform(failure -> new ProblemException(
                        422,
                        "points-not-applicable",
                        "Points the rollups cannot take",
                        "the rollups cannot take these points (" + Unapplicable.reason(failure)
                                + "); nothing of this import was stored",
                        List.of()))
                .map(replaced -> {
                    passedOver.increment(replaced.passedOver());
                    Result result = new Result(
                            key,
                            checked.accepted(),
                            span.from,
                            span.to,
                            buckets.size(),
                            replaced.created(),
                            replaced.revised(),
                            buckets.size() - replaced.created() - replaced.revised());
                    Log.infof(
                            "history of %s imported: %d points from %s to %s, %d buckets (%d new, %d revised, %d"
                                    + " unchanged) in %d ms",
                            key,
                            result.points(),
                            result.from(),
                            result.to(),
                            result.buckets(),
                            result.created(),
                            result.revised(),
                            result.unchanged(),
                            (System.nanoTime() - begin) / 1_000_000);
                    return result;
                });
    }

    private Uni<Replaced> replaceAll(
            SqlConnection conn,
            List<Map.Entry<BucketKey, BucketDelta>> buckets,
            int from,
            Replaced so,
            Predicate<BucketKey> announced) {
        if (from >= buckets.size()) {
            return Uni.createFrom().item(so);
        }
        int to = Math.min(buckets.size(), from + STATEMENT_BUCKETS);
        return rollups.replace(conn, buckets.subList(from, to), announced)
                .chain(replaced -> replaceAll(conn, buckets, to, so.plus(replaced), announced));
    }

    /** 400 naming each refused line and field ({@code line 7.value}), the first {@value #MAX_LISTED} of them. */
    public static ProblemException refused(List<Rejection> rejections) {
        List<Problem.FieldError> errors = rejections.stream()
                .limit(MAX_LISTED)
                .map(r -> RejectionLabels.fieldError(false, r))
                .toList();
        Problem.FieldError first = errors.get(0);
        String detail = rejections.size() + " of the file's lines " + (rejections.size() == 1 ? "is" : "are")
                + " not valid, so nothing was imported; first: " + first.field() + ": " + first.message();
        return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
    }

    /**
     * Passes the points on, refusing one that names another metric (a file is one metric's history), and keeps the
     * oldest and newest timestamp.
     */
    private static final class Span implements PointSink {
        private final String key;
        private final PointSink next;
        Instant from;
        Instant to;

        Span(String key, PointSink next) {
            this.key = key;
            this.next = next;
        }

        @Override
        public void point(PointInput point) {
            if (point.metric != null && !point.metric.equals(key)) {
                point.fail("metric: '" + PointReader.abbreviate(point.metric) + "' is not " + key
                        + ", the metric of this import (leave it out)");
            }
            if (point.timestamp != null) {
                if (from == null || point.timestamp.isBefore(from)) {
                    from = point.timestamp;
                }
                if (to == null || point.timestamp.isAfter(to)) {
                    to = point.timestamp;
                }
            }
            next.point(point);
        }

        @Override
        public void unreadable(Rejection rejection, int start, int end) {
            next.unreadable(rejection, start, end);
        }
    }
}
