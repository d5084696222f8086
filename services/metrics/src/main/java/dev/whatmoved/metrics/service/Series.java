package dev.whatmoved.metrics.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One series of rollups: a metric's buckets of one granularity and dimension combination.
 *
 * @param dimensions the combination; empty for the total over all dimensions
 * @param buckets the buckets that have points, oldest first (a bucket without points is absent)
 */
public record Series(
        String metric,
        String aggregation,
        String unit,
        String granularity,
        Map<String, String> dimensions,
        Instant from,
        Instant to,
        List<Bucket> buckets) {

    /**
     * One bucket.
     *
     * @param value the bucket's value under the metric's aggregation: sum, count, mean (sum / count), ratio (sum of
     *     numerators / sum of denominators; null when the denominators sum to 0) or last (the latest point's value)
     * @param sum sum of the values (of the numerators for a ratio)
     * @param denominator sum of the denominators (ratio metrics only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bucket(
            Instant start,
            Double value,
            double sum,
            long count,
            Double min,
            Double max,
            Double denominator,
            Double last,
            long revision) {}
}
