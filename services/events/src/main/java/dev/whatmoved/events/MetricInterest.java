package dev.whatmoved.events;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code dev.whatmoved.metric.interest.v1}: which rollup series of a metric one consumer of
 * {@code metric.rollup.v1} reads. It replaces that consumer's previous declaration for the metric (the newest
 * {@code declaredAt} wins); the metrics service announces the buckets of the series some consumer declared, and, when
 * a series becomes declared, the buckets it already holds.
 *
 * @param consumer who reads the series (e.g. {@code attribution}); each consumer's declarations are its own
 * @param metric the metric key, or {@code *} for every metric (the series every metric's declaration includes)
 * @param declaredAt when the consumer made this declaration: a later one replaces an earlier one
 * @param series the series read; empty when the consumer reads none of this metric's (beyond those declared for
 *     {@code *})
 */
public record MetricInterest(String consumer, String metric, Instant declaredAt, List<Series> series) {

    /** Every metric. */
    public static final String EVERY_METRIC = "*";

    /**
     * One series of rollup buckets.
     *
     * @param granularity {@code hour} or {@code day}
     * @param dimensions the dimension keys of the slices read (the keys of a bucket's {@code dimensions}); empty for
     *     the total over all dimensions
     */
    public record Series(String granularity, List<String> dimensions) {

        /** The total over all dimensions, at {@code granularity}. */
        public static Series total(String granularity) {
            return new Series(granularity, List.of());
        }
    }
}
