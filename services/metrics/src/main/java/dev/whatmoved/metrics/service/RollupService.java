package dev.whatmoved.metrics.service;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.MetricRollup;
import dev.whatmoved.kit.outbox.Outbox;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.domain.DailyBucket;
import dev.whatmoved.metrics.domain.DailyTotals;
import dev.whatmoved.metrics.repository.DailyRollupRepository;
import dev.whatmoved.metrics.rest.IngestResult;
import dev.whatmoved.metrics.rest.PointRequest;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class RollupService {

    static final String DAY = "day";

    private final DailyRollupRepository rollups;
    private final Outbox outbox;

    public RollupService(DailyRollupRepository rollups, Outbox outbox) {
        this.rollups = rollups;
        this.outbox = outbox;
    }

    /**
     * Adds the points to their daily buckets and, in the same transaction, one rollup event per changed bucket
     * carrying its new totals. All or nothing.
     */
    @WithTransaction
    public Uni<IngestResult> ingest(String metric, List<PointRequest> points) {
        DailyTotals totals = new DailyTotals();
        for (int i = 0; i < points.size(); i++) {
            PointRequest point = points.get(i);
            if (!Double.isFinite(point.value())) {
                throw ProblemException.invalid("[" + i + "].value", "must be a finite number");
            }
            totals.add(point.timestamp(), point.value());
        }
        return Multi.createFrom()
                .iterable(totals.byDay().entrySet())
                .onItem()
                .transformToUniAndConcatenate(day -> addAndAnnounce(metric, day))
                .collect()
                .asList()
                .map(buckets -> new IngestResult(metric, points.size(), buckets));
    }

    private Uni<DailyBucket> addAndAnnounce(String metric, Map.Entry<java.time.LocalDate, DailyTotals.Total> day) {
        return rollups.add(
                        metric,
                        day.getKey(),
                        day.getValue().sum(),
                        day.getValue().count())
                .call(bucket -> outbox.append(
                        EventType.METRIC_ROLLUP,
                        metric,
                        metric + "/" + DAY + "/" + bucket.day(),
                        new MetricRollup(
                                metric,
                                DAY,
                                bucket.day().atStartOfDay().toInstant(ZoneOffset.UTC),
                                bucket.sum(),
                                bucket.count(),
                                bucket.revision(),
                                Map.of())));
    }
}
