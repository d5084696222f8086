package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.operations.OperatorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the metric-points consumer counts for {@code /q/metrics}: the points of each transaction ({@link
 * OperatorMetrics}), {@code whatmoved_points_fenced_total} and {@code whatmoved_points_unapplicable_total}.
 */
final class PointsCounters {

    private final OperatorMetrics operatorMetrics;
    private final Counter fenced;
    private final Counter unapplicable;

    PointsCounters(MeterRegistry registry, OperatorMetrics operatorMetrics) {
        this.operatorMetrics = operatorMetrics;
        this.unapplicable = Counter.builder("whatmoved.points.unapplicable")
                .tag("source", "kafka")
                .description("Records whose points the rollups refused (a bucket's sum overflowing...), dead-lettered"
                        + " with the reason")
                .register(registry);
        this.fenced = Counter.builder("whatmoved.points.fenced")
                .description("Records of partitions this consumer no longer owned (or read out of order), not applied")
                .register(registry);
    }

    /** Counts what a transaction applied, fenced off and dead-lettered. */
    void count(AppliedBatch applied) {
        countPoints(applied);
        fenced.increment(applied.fenced);
        unapplicable.increment(applied.unapplicable);
    }

    /**
     * Counts the points of a transaction ({@link OperatorMetrics}): each rejected point by its reason, an unreadable
     * record as one {@code malformed}, and the points of records the rollups refused as {@code unapplicable}.
     */
    private void countPoints(AppliedBatch applied) {
        operatorMetrics.accepted(OperatorMetrics.KAFKA, applied.accepted);
        long listed = 0;
        for (ParsedRecord p : applied.deadLetters) {
            if (p.checked != null) {
                operatorMetrics.points(OperatorMetrics.KAFKA, 0, p.checked.rejections());
                listed += p.checked.rejected();
            } else {
                operatorMetrics.rejected(OperatorMetrics.KAFKA, "malformed", 1);
                listed++;
            }
        }
        if (applied.rejected > listed) {
            operatorMetrics.rejected(OperatorMetrics.KAFKA, OperatorMetrics.UNAPPLICABLE, applied.rejected - listed);
        }
    }
}
