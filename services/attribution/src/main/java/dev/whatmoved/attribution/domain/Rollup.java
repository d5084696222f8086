package dev.whatmoved.attribution.domain;

import dev.whatmoved.attribution.model.RollupValue;
import jakarta.persistence.MappedSuperclass;

/**
 * The newest totals of one bucket of a metric (over all dimensions), from the metrics service's rollup events: the
 * columns {@code hourly_rollup} and {@code daily_rollup} share besides their keys.
 */
@MappedSuperclass
public abstract class Rollup {

    public double sum;

    public long count;

    /** Ratio metrics: the sum of the denominators. */
    public Double denominator;

    /** The latest point's value ('last' metrics). */
    public Double last;

    /** The metric's aggregation as the rollup event named it; null from producers that do not say. */
    public String aggregation;

    public long revision;

    /** The bucket's value as the metric defines it. */
    public Double value() {
        return RollupValue.of(aggregation, sum, count, denominator, last);
    }
}
