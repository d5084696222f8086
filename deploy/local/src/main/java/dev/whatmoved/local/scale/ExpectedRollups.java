package dev.whatmoved.local.scale;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every rollup bucket must hold, added up while the points are produced: per metric, granularity (hour, day in
 * UTC, the services' default reporting zone), dimension combination ({@code ""} for the total) and bucket start, the
 * sum and count of the points. Values are integers, so the services' double sums are exact and comparable with
 * {@code ==}.
 */
final class ExpectedRollups {

    static final List<String> GRANULARITIES = List.of("hour", "day");

    /** A bucket as the series API names it. */
    record Bucket(String metric, String granularity, String dims, Instant start) {}

    /** Sum and count of one bucket. */
    static final class Totals {
        long sum;
        long count;

        Totals add(long value) {
            sum += value;
            count++;
            return this;
        }
    }

    private final Map<Bucket, Totals> buckets = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> combinations = new ConcurrentHashMap<>();

    /** Adds one point to its hour and day bucket, of the total and of its dimension combination ({@code ""}: none). */
    void add(String metric, Instant at, String dims, long value) {
        combinations
                .computeIfAbsent(metric, m -> new ConcurrentHashMap<String, Boolean>().keySet(true))
                .add(dims);
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        Instant day = at.truncatedTo(ChronoUnit.DAYS);
        // a point without dimensions is in the total only
        for (String d : dims.isEmpty() ? new String[] {""} : new String[] {"", dims}) {
            buckets.computeIfAbsent(new Bucket(metric, "hour", d, hour), b -> new Totals())
                    .add(value);
            buckets.computeIfAbsent(new Bucket(metric, "day", d, day), b -> new Totals())
                    .add(value);
        }
    }

    /** The buckets of one series (metric, granularity, combination), by start. */
    Map<Instant, Totals> series(String metric, String granularity, String dims) {
        Map<Instant, Totals> series = new TreeMap<>();
        buckets.forEach((bucket, totals) -> {
            if (bucket.metric().equals(metric)
                    && bucket.granularity().equals(granularity)
                    && bucket.dims().equals(dims)) {
                series.put(bucket.start(), totals);
            }
        });
        return series;
    }

    /** Daily totals of a metric, by day start. */
    Map<Instant, Totals> daily(String metric) {
        return series(metric, "day", "");
    }

    Set<String> metrics() {
        return new TreeSet<>(combinations.keySet());
    }

    /** The combinations a metric's points had, plus {@code ""} (the total). */
    Set<String> combinations(String metric) {
        Set<String> all = new TreeSet<>(combinations.getOrDefault(metric, Set.of()));
        all.add("");
        return all;
    }

    long points() {
        long points = 0;
        for (Map.Entry<Bucket, Totals> e : buckets.entrySet()) {
            if (e.getKey().granularity().equals("day") && e.getKey().dims().isEmpty()) {
                points += e.getValue().count;
            }
        }
        return points;
    }

    int bucketCount() {
        return buckets.size();
    }

    /** A copy, for reporting. */
    Map<Bucket, Totals> all() {
        return new HashMap<>(buckets);
    }
}
