package dev.whatmoved.metrics.model;

import dev.whatmoved.metrics.domain.Granularity;
import java.util.Comparator;

/**
 * One rollup bucket: a metric, a granularity, a canonical dimension combination and the bucket's start (epoch
 * seconds).
 */
public record BucketKey(String metric, Granularity granularity, String dimensions, long start) {

    /** The order in which buckets are locked, the same in every transaction, so concurrent writers cannot deadlock. */
    public static final Comparator<BucketKey> LOCK_ORDER = (a, b) -> {
        // metric, granularity, dimensions, start; keys of one series share their strings, so identity decides fast
        int c = a.metric == b.metric ? 0 : a.metric.compareTo(b.metric);
        if (c == 0) {
            c = a.granularity.compareTo(b.granularity);
        }
        if (c == 0) {
            c = a.dimensions == b.dimensions ? 0 : a.dimensions.compareTo(b.dimensions);
        }
        return c != 0 ? c : Long.compare(a.start, b.start);
    };
}
