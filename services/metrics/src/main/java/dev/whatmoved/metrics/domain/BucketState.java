package dev.whatmoved.metrics.domain;

import java.time.Instant;

/**
 * The stored totals of one rollup bucket.
 *
 * @param dimensions canonical dimension combination ({@link Dimensions#TOTAL} for the total)
 * @param sum sum of the values; for ratio metrics, of the numerators
 * @param min smallest value (null for ratio metrics)
 * @param max largest value (null for ratio metrics)
 * @param denominator sum of the denominators of a ratio metric, null otherwise
 * @param lastAt time of the latest point
 * @param lastValue value of the latest point
 * @param revision 1 for the bucket's first state, +1 for each change
 */
public record BucketState(
        String metric,
        Granularity granularity,
        String dimensions,
        Instant bucketStart,
        double sum,
        long count,
        Double min,
        Double max,
        Double denominator,
        Instant lastAt,
        Double lastValue,
        long revision) {}
