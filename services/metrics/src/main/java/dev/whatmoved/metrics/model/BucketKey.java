package dev.whatmoved.metrics.model;

import dev.whatmoved.metrics.domain.Granularity;
import java.util.Comparator;

/**
 * One rollup bucket: a metric, a granularity, a canonical dimension combination and the bucket's start (epoch
 * seconds).
 */
public record BucketKey(String metric, Granularity granularity, String dimensions, long start) {

    /** The order in which buckets are locked, the same in every transaction, so concurrent writers cannot deadlock. */
    public static final Comparator<BucketKey> LOCK_ORDER = Comparator.comparing(BucketKey::metric)
            .thenComparing(BucketKey::granularity)
            .thenComparing(BucketKey::dimensions)
            .thenComparingLong(BucketKey::start);
}
