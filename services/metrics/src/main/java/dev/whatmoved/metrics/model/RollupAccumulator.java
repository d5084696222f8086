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
 *
 * <p>Per point this is on the hot path of ingestion, so buckets are kept per series (metric and dimension combination)
 * in small open-addressing tables of their own by start, and the series a point belongs to is found through a small
 * direct-mapped table of recent series (its strings are usually the very instances of the points before): a point costs
 * a few array reads and no allocation once its buckets exist. {@link BucketKey}s are made only when the buckets are
 * listed.
 */
public final class RollupAccumulator {

    private final Bucketing bucketing;
    /** Series by metric, then by canonical dimension combination. */
    private final Map<String, Map<String, Series>> series = new HashMap<>();
    /** Recently used series by a hash of their metric and dimensions (a miss asks {@link #series}). */
    private final Series[] recent = new Series[RECENT];

    private static final int RECENT = 512;

    private int bucketCount;
    private long points;

    public RollupAccumulator(Bucketing bucketing) {
        this.bucketing = bucketing;
    }

    public RollupAccumulator add(Point point) {
        return add(
                point.metric(),
                point.timestamp(),
                point.value(),
                point.denominator(),
                point.dimensions(),
                point.count(),
                point.min(),
                point.max());
    }

    /** {@link #add(Point)} of the point these fields make, without making it (see {@link Point} for each field). */
    public RollupAccumulator add(
            String metric,
            Instant t,
            double value,
            double denominator,
            String dimensions,
            long count,
            double min,
            double max) {
        long hour = bucketing.hourStart(t);
        long day = bucketing.dayStart(t);
        long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        int slot = (metric.hashCode() * 31 + dimensions.hashCode()) & (RECENT - 1);
        Series s = recent[slot];
        if (s == null || !s.dimensions.equals(dimensions) || !s.metric.equals(metric)) {
            s = series(metric, dimensions);
            recent[slot] = s;
        }
        s.add(hour, day, value, denominator, nanos, count, min, max);
        if (s.total != null) {
            s.total.add(hour, day, value, denominator, nanos, count, min, max);
        }
        points++;
        return this;
    }

    /** The series of {@code metric} and {@code dimensions}, made (with its metric's total series) if new. */
    private Series series(String metric, String dimensions) {
        Map<String, Series> ofMetric = series.computeIfAbsent(metric, m -> new HashMap<>());
        Series s = ofMetric.get(dimensions);
        if (s == null) {
            Series total = ofMetric.get(Dimensions.TOTAL);
            if (total == null) {
                total = new Series(metric, Dimensions.TOTAL, null);
                ofMetric.put(Dimensions.TOTAL, total);
            }
            if (Dimensions.TOTAL.equals(dimensions)) {
                s = total;
            } else {
                s = new Series(metric, dimensions, total);
                ofMetric.put(dimensions, s);
            }
        }
        return s;
    }

    /** Adds {@code delta} to bucket {@code key} (points counted elsewhere: see {@link RollupCodec}). */
    public RollupAccumulator add(BucketKey key, BucketDelta delta) {
        Series s = series(key.metric(), key.dimensions());
        (key.granularity() == Granularity.HOUR ? s.hour(key.start()) : s.day(key.start())).merge(delta);
        return this;
    }

    /** Adds everything {@code other} holds to this one. */
    public RollupAccumulator merge(RollupAccumulator other) {
        for (Map<String, Series> ofMetric : other.series.values()) {
            for (Series theirs : ofMetric.values()) {
                Series ours = series(theirs.metric, theirs.dimensions);
                for (BucketDelta delta : theirs.hours) {
                    if (delta != null) {
                        ours.hour(delta.start).merge(delta);
                    }
                }
                for (BucketDelta delta : theirs.days) {
                    if (delta != null) {
                        ours.day(delta.start).merge(delta);
                    }
                }
            }
        }
        points += other.points;
        return this;
    }

    public boolean isEmpty() {
        return bucketCount == 0;
    }

    /** How many points were added. */
    public long points() {
        return points;
    }

    public int bucketCount() {
        return bucketCount;
    }

    public boolean contains(BucketKey key) {
        return get(key) != null;
    }

    /** The buckets in lock order with what they gain. */
    public List<Map.Entry<BucketKey, BucketDelta>> inLockOrder() {
        List<Map.Entry<BucketKey, BucketDelta>> entries = new ArrayList<>(bucketCount);
        for (Map<String, Series> ofMetric : series.values()) {
            for (Series s : ofMetric.values()) {
                for (BucketDelta delta : s.hours) {
                    if (delta != null) {
                        entries.add(
                                Map.entry(new BucketKey(s.metric, Granularity.HOUR, s.dimensions, delta.start), delta));
                    }
                }
                for (BucketDelta delta : s.days) {
                    if (delta != null) {
                        entries.add(
                                Map.entry(new BucketKey(s.metric, Granularity.DAY, s.dimensions, delta.start), delta));
                    }
                }
            }
        }
        entries.sort(Map.Entry.comparingByKey(BucketKey.LOCK_ORDER));
        return entries;
    }

    public BucketDelta get(BucketKey key) {
        Map<String, Series> ofMetric = series.get(key.metric());
        Series s = ofMetric == null ? null : ofMetric.get(key.dimensions());
        if (s == null) {
            return null;
        }
        return find(key.granularity() == Granularity.HOUR ? s.hours : s.days, key.start());
    }

    /** The bucket of {@code table} (open addressing by start) starting at {@code start}, or null. */
    private static BucketDelta find(BucketDelta[] table, long start) {
        int mask = table.length - 1;
        for (int k = slot(start, mask); ; k = (k + 1) & mask) {
            BucketDelta d = table[k];
            if (d == null || d.start == start) {
                return d;
            }
        }
    }

    private static void insert(BucketDelta[] table, BucketDelta delta) {
        int mask = table.length - 1;
        int k = slot(delta.start, mask);
        while (table[k] != null) {
            k = (k + 1) & mask;
        }
        table[k] = delta;
    }

    private static BucketDelta[] grow(BucketDelta[] table) {
        BucketDelta[] bigger = new BucketDelta[table.length * 2];
        for (BucketDelta d : table) {
            if (d != null) {
                insert(bigger, d);
            }
        }
        return bigger;
    }

    private static int slot(long start, int mask) {
        long h = start * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /**
     * One metric and dimension combination: its hour and day buckets, each in a table kept at most half full, and the
     * last one of each asked for (points of a series mostly fall into few buckets).
     */
    private final class Series {
        final String metric;
        final String dimensions;
        /** The metric's total series, which every point of this one also counts in; null for the total itself. */
        final Series total;

        BucketDelta[] hours = new BucketDelta[16];
        BucketDelta[] days = new BucketDelta[4];
        private int hourCount;
        private int dayCount;
        private BucketDelta lastHour;
        private BucketDelta lastDay;

        Series(String metric, String dimensions, Series total) {
            this.metric = metric;
            this.dimensions = dimensions;
            this.total = total;
        }

        void add(
                long hour, long day, double value, double denominator, long nanos, long count, double min, double max) {
            hour(hour).add(value, denominator, nanos, count, min, max);
            day(day).add(value, denominator, nanos, count, min, max);
        }

        BucketDelta hour(long start) {
            BucketDelta d = lastHour;
            if (d == null || d.start != start) {
                d = find(hours, start);
                if (d == null) {
                    d = new BucketDelta(start);
                    if (++hourCount > hours.length / 2) {
                        hours = grow(hours);
                    }
                    insert(hours, d);
                    bucketCount++;
                }
                lastHour = d;
            }
            return d;
        }

        BucketDelta day(long start) {
            BucketDelta d = lastDay;
            if (d == null || d.start != start) {
                d = find(days, start);
                if (d == null) {
                    d = new BucketDelta(start);
                    if (++dayCount > days.length / 2) {
                        days = grow(days);
                    }
                    insert(days, d);
                    bucketCount++;
                }
                lastDay = d;
            }
            return d;
        }
    }
}
