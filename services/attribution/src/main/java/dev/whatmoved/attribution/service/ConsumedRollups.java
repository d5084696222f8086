package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.repository.RollupBatchRepository;
import dev.whatmoved.events.MetricAnnounced;
import dev.whatmoved.events.MetricRollup;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records rollup events in bulk: a day's or an hour's newest totals over all dimensions (slices are not used yet), and
 * computed outcomes whose window holds a changed day marked for recomputation (see {@link OutcomeEngine}). A batch is
 * one transaction. Each bucket keeps its highest revision, and the event id is derived from the bucket and its revision
 * (metrics' {@code RollupEvents.id}), so a duplicate within a batch, a redelivered batch or an older revision arriving
 * late changes nothing. A metric's watermark ({@code metric.announced.v1}) only grows; checkpoints of a metric that has one
 * wait for it ({@code CheckpointRepository#due}).
 */
@ApplicationScoped
public class ConsumedRollups {

    private final RollupBatchRepository rollups;
    private final OutcomeJob job;

    public ConsumedRollups(RollupBatchRepository rollups, OutcomeJob job) {
        this.rollups = rollups;
        this.job = job;
    }

    /**
     * @param events {@link MetricRollup}s and {@link MetricAnnounced} watermarks, in the order of their partitions: a
     *     watermark is stored in the same transaction as the rollups before it
     */
    public Uni<Void> apply(List<?> events) {
        Map<Bucket, MetricRollup> days = new LinkedHashMap<>();
        Map<Bucket, MetricRollup> hours = new LinkedHashMap<>();
        Map<String, Instant> watermarks = new TreeMap<>();
        for (Object item : events) {
            if (item instanceof MetricAnnounced announced) {
                watermarks.merge(announced.metric(), announced.announcedThrough(), (a, b) -> a.isAfter(b) ? a : b);
                continue;
            }
            MetricRollup event = (MetricRollup) item;
            if (event.dimensions() != null && !event.dimensions().isEmpty()) {
                continue;
            }
            Map<Bucket, MetricRollup> table =
                    switch (event.granularity()) {
                        case "day" -> days;
                        case "hour" -> hours;
                        default -> null;
                    };
            if (table == null) {
                Log.debugf("ignoring a %s rollup of %s", event.granularity(), event.metric());
                continue;
            }
            // one row per bucket in a statement (PostgreSQL refuses to upsert a row twice): the highest revision
            table.merge(
                    new Bucket(event.metric(), event.bucketStart()),
                    event,
                    (a, b) -> b.revision() > a.revision() ? b : a);
        }
        if (days.isEmpty() && hours.isEmpty() && watermarks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return rollups.apply(new ArrayList<>(days.values()), new ArrayList<>(hours.values()), watermarks)
                .invoke(() -> {
                    if (!watermarks.isEmpty()) {
                        job.watermarkMoved(); // committed: the checkpoints that waited for it are measured now
                    }
                })
                .replaceWithVoid();
    }

    private record Bucket(String metric, Instant start) {}
}
