package dev.whatmoved.events;

import java.time.Instant;
import java.util.Map;

/**
 * Data of {@code dev.whatmoved.metric.rollup.v1}: the new state of one rollup bucket.
 *
 * <p>It carries totals, not increments, plus a revision that grows with each change of the bucket, so a consumer can
 * apply it idempotently and drop a stale revision that arrives late.
 *
 * @param metric the metric key
 * @param granularity {@code day} (hourly buckets come with the metrics issue)
 * @param bucketStart start of the bucket (UTC)
 * @param sum sum of the values in the bucket
 * @param count number of points in the bucket
 * @param revision 1 for the first state of the bucket, +1 for each change
 * @param dimensions the dimension slice; empty for the total over all dimensions
 */
public record MetricRollup(
        String metric,
        String granularity,
        Instant bucketStart,
        double sum,
        long count,
        long revision,
        Map<String, String> dimensions) {}
