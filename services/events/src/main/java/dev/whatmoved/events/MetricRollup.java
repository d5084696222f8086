package dev.whatmoved.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Data of {@code dev.whatmoved.metric.rollup.v1}: the new state of one rollup bucket.
 *
 * <p>It carries totals, not increments, plus a revision that grows with each change of the bucket, so a consumer can
 * apply it idempotently and drop a stale revision that arrives late.
 *
 * @param metric the metric key
 * @param granularity {@code hour} or {@code day}
 * @param bucketStart start of the bucket (UTC)
 * @param sum sum of the values in the bucket
 * @param count number of points in the bucket
 * @param revision 1 for the first state of the bucket, +1 for each change
 * @param dimensions the dimension slice; empty for the total over all dimensions
 * @param min the smallest value in the bucket, or null (ratio metrics; producers that do not say)
 * @param max the largest value in the bucket, or null
 * @param denominator ratio metrics: the sum of the denominators (the bucket's ratio is sum / denominator), else null
 * @param last the latest point's value (the bucket's value for {@code last} metrics), or null
 * @param lastAt when the latest point was measured, or null
 * @param aggregation the metric's aggregation ({@code sum}, {@code count}, {@code mean}, {@code ratio}, {@code
 *     last}), so a consumer knows what the bucket's value is; null from producers that do not say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricRollup(
        String metric,
        String granularity,
        Instant bucketStart,
        double sum,
        long count,
        long revision,
        Map<String, String> dimensions,
        Double min,
        Double max,
        Double denominator,
        Double last,
        Instant lastAt,
        String aggregation) {}
