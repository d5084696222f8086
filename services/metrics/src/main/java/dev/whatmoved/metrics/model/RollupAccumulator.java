package dev.whatmoved.metrics.model;

import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.domain.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds points up per bucket before anything is written, so one flush touches each bucket once however many points
 * fell into it. Each point counts in four buckets: its hour and its day, each for its dimension combination and for
 * the total over all dimensions (two when it has no dimensions).
 */
public final class RollupAccumulator {

    private final Bucketing bucketing;
    private final Map<BucketKey, BucketDelta> buckets = new HashMap<>();
    private long points;

    public RollupAccumulator(Bucketing bucketing) {
        this.bucketing = bucketing;
    }

    public RollupAccumulator add(Point point) {
        Instant t = point.timestamp();
        long hour = bucketing.hourStart(t);
        long day = bucketing.dayStart(t);
        long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        add(new BucketKey(point.metric(), Granularity.HOUR, Dimensions.TOTAL, hour), point, nanos);
        add(new BucketKey(point.metric(), Granularity.DAY, Dimensions.TOTAL, day), point, nanos);
        if (!Dimensions.TOTAL.equals(point.dimensions())) {
            add(new BucketKey(point.metric(), Granularity.HOUR, point.dimensions(), hour), point, nanos);
            add(new BucketKey(point.metric(), Granularity.DAY, point.dimensions(), day), point, nanos);
        }
        points++;
        return this;
    }

    private void add(BucketKey key, Point point, long nanos) {
        buckets.computeIfAbsent(key, k -> new BucketDelta())
                .add(point.value(), point.denominator(), nanos, point.count(), point.min(), point.max());
    }

    /** Adds {@code delta} to bucket {@code key} (points counted elsewhere: see {@link RollupCodec}). */
    public RollupAccumulator add(BucketKey key, BucketDelta delta) {
        buckets.computeIfAbsent(key, k -> new BucketDelta()).merge(delta);
        return this;
    }

    /** Adds everything {@code other} holds to this one. */
    public RollupAccumulator merge(RollupAccumulator other) {
        other.buckets.forEach((key, delta) ->
                buckets.computeIfAbsent(key, k -> new BucketDelta()).merge(delta));
        points += other.points;
        return this;
    }

    public boolean isEmpty() {
        return buckets.isEmpty();
    }

    /** How many points were added. */
    public long points() {
        return points;
    }

    public int bucketCount() {
        return buckets.size();
    }

    public boolean contains(BucketKey key) {
        return buckets.containsKey(key);
    }

    /** The buckets in lock order with what they gain. */
    public List<Map.Entry<BucketKey, BucketDelta>> inLockOrder() {
        List<Map.Entry<BucketKey, BucketDelta>> entries = new ArrayList<>(buckets.entrySet());
        entries.sort(Map.Entry.comparingByKey(BucketKey.LOCK_ORDER));
        return entries;
    }

    public BucketDelta get(BucketKey key) {
        return buckets.get(key);
    }
}
