package dev.whatmoved.metrics.model;

/**
 * What a set of points adds to one bucket: sum and count, min and max, the denominator sum of ratio metrics, and the
 * latest point. Mutable: the accumulator adds to it in place.
 */
public final class BucketDelta {

    /** Where the bucket starts (epoch seconds), for {@link RollupAccumulator}'s tables; 0 when made elsewhere. */
    final long start;

    double sum;
    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    /** NaN unless the points carry denominators (ratio metrics). */
    double denominator = Double.NaN;
    /** Epoch nanoseconds of the latest point; {@link Long#MIN_VALUE} when empty. */
    long lastAt = Long.MIN_VALUE;

    double lastValue;

    public BucketDelta() {
        this(0);
    }

    BucketDelta(long start) {
        this.start = start;
    }

    void add(double value, double pointDenominator, long atNanos, long observations, double pointMin, double pointMax) {
        sum += value;
        count += observations;
        if (Double.isNaN(pointDenominator)) {
            if (observations == 1 || !Double.isNaN(pointMin)) {
                min = Math.min(min, Double.isNaN(pointMin) ? value : pointMin);
            }
            if (observations == 1 || !Double.isNaN(pointMax)) {
                max = Math.max(max, Double.isNaN(pointMax) ? value : pointMax);
            }
        } else {
            denominator = Double.isNaN(denominator) ? pointDenominator : denominator + pointDenominator;
        }
        if (atNanos >= lastAt) {
            lastAt = atNanos;
            lastValue = value;
        }
    }

    void merge(BucketDelta other) {
        sum += other.sum;
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (!Double.isNaN(other.denominator)) {
            denominator = Double.isNaN(denominator) ? other.denominator : denominator + other.denominator;
        }
        if (other.lastAt >= lastAt) {
            lastAt = other.lastAt;
            lastValue = other.lastValue;
        }
    }

    public double sum() {
        return sum;
    }

    public long count() {
        return count;
    }

    /** The smallest value, or null for ratio metrics (whose points have no single value). */
    public Double min() {
        return count == 0 || min == Double.POSITIVE_INFINITY ? null : min;
    }

    public Double max() {
        return count == 0 || max == Double.NEGATIVE_INFINITY ? null : max;
    }

    /** The sum of denominators, or null when the points carry none. */
    public Double denominator() {
        return Double.isNaN(denominator) ? null : denominator;
    }

    public long lastAtNanos() {
        return lastAt;
    }

    public double lastValue() {
        return lastValue;
    }
}
