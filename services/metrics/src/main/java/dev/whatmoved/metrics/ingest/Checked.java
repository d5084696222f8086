package dev.whatmoved.metrics.ingest;

import dev.whatmoved.metrics.model.RollupAccumulator;
import java.util.List;

/**
 * A batch after checking: the rollup of its valid points and the rejections, in the order of the body.
 *
 * @param rejectedPoints the points that were rejected (to dead-letter exactly them)
 * @param unreadable the parts of the body that held no readable point
 */
public record Checked(
        RollupAccumulator rollup,
        long accepted,
        List<Rejection> rejections,
        List<PointInput> rejectedPoints,
        List<Batch.Unreadable> unreadable) {

    /** Checks each point of {@code batch}; the valid ones go into {@code rollup}. */
    public static Checked of(Batch batch, String defaultMetric, PointValidator validator, RollupAccumulator rollup) {
        Checker checker = new Checker(validator, defaultMetric, rollup);
        batch.points().forEach(checker::point);
        batch.unreadable().forEach(u -> checker.unreadable(u.rejection(), u.start(), u.end()));
        return checker.result();
    }

    public int rejected() {
        return rejections.size();
    }
}
