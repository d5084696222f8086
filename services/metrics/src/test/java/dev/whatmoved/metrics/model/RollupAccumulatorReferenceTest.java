package dev.whatmoved.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.domain.Point;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link RollupAccumulator} against the plainest possible accumulator (one map from {@link BucketKey} to its delta):
 * random points of many series, buckets and zones, added in parts and merged, must give the same buckets with the same
 * sums, counts, extremes, denominators and last points.
 */
class RollupAccumulatorReferenceTest {

    /** The plain accumulator: each point into its four (or two) buckets. */
    static final class Reference {
        final Bucketing bucketing;
        final Map<BucketKey, BucketDelta> buckets = new HashMap<>();

        Reference(Bucketing bucketing) {
            this.bucketing = bucketing;
        }

        void add(Point p) {
            long hour = bucketing.hourStart(p.timestamp());
            long day = bucketing.dayStart(p.timestamp());
            long nanos = p.timestamp().getEpochSecond() * 1_000_000_000L
                    + p.timestamp().getNano();
            add(new BucketKey(p.metric(), Granularity.HOUR, Dimensions.TOTAL, hour), p, nanos);
            add(new BucketKey(p.metric(), Granularity.DAY, Dimensions.TOTAL, day), p, nanos);
            if (!Dimensions.TOTAL.equals(p.dimensions())) {
                add(new BucketKey(p.metric(), Granularity.HOUR, p.dimensions(), hour), p, nanos);
                add(new BucketKey(p.metric(), Granularity.DAY, p.dimensions(), day), p, nanos);
            }
        }

        private void add(BucketKey key, Point p, long nanos) {
            buckets.computeIfAbsent(key, k -> new BucketDelta())
                    .add(p.value(), p.denominator(), nanos, p.count(), p.min(), p.max());
        }
    }

    @Test
    void addsAndMergesExactlyAsOneMapOfBucketsWould() {
        Random random = new Random(11);
        for (ZoneId zone : List.of(
                ZoneOffset.UTC,
                ZoneId.of("Europe/Berlin"),
                ZoneId.of("Australia/Lord_Howe"),
                ZoneId.of("Asia/Kolkata"))) {
            Bucketing bucketing = new Bucketing(zone);
            Reference reference = new Reference(bucketing);
            List<RollupAccumulator> parts = List.of(
                    new RollupAccumulator(bucketing),
                    new RollupAccumulator(bucketing),
                    new RollupAccumulator(bucketing));
            RollupAccumulator whole = new RollupAccumulator(bucketing);
            Instant start = Instant.parse("2026-03-20T00:00:00Z");
            int n = 10_000;
            for (int i = 0; i < n; i++) {
                Point p = point(random, start);
                reference.add(p);
                whole.add(p);
                parts.get(random.nextInt(parts.size())).add(p);
            }
            RollupAccumulator merged = new RollupAccumulator(bucketing);
            parts.forEach(merged::merge);

            for (RollupAccumulator rollup : List.of(whole, merged)) {
                assertThat(rollup.points()).isEqualTo(n);
                assertThat(rollup.bucketCount()).isEqualTo(reference.buckets.size());
                assertThat(rollup.isEmpty()).isFalse();
                List<Map.Entry<BucketKey, BucketDelta>> listed = rollup.inLockOrder();
                List<BucketKey> expectedOrder = new ArrayList<>(reference.buckets.keySet());
                expectedOrder.sort(BucketKey.LOCK_ORDER);
                assertThat(listed).extracting(Map.Entry::getKey).containsExactlyElementsOf(expectedOrder);
                for (Map.Entry<BucketKey, BucketDelta> e : listed) {
                    BucketDelta expected = reference.buckets.get(e.getKey());
                    assertSame(e.getValue(), expected, e.getKey().toString());
                    assertThat(rollup.contains(e.getKey())).isTrue();
                    assertThat(rollup.get(e.getKey())).isSameAs(e.getValue());
                    // equal strings that are other instances find the same bucket
                    BucketKey copy = new BucketKey(
                            new String(e.getKey().metric()),
                            e.getKey().granularity(),
                            new String(e.getKey().dimensions()),
                            e.getKey().start());
                    assertThat(rollup.get(copy)).isSameAs(e.getValue());
                }
                assertThat(rollup.get(new BucketKey("m0", Granularity.HOUR, Dimensions.TOTAL, 1)))
                        .isNull();
                assertThat(rollup.contains(new BucketKey("nope", Granularity.DAY, Dimensions.TOTAL, 0)))
                        .isFalse();
            }
        }
    }

    @Test
    void anEmptyAccumulatorHasNothing() {
        RollupAccumulator empty = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.bucketCount()).isZero();
        assertThat(empty.inLockOrder()).isEmpty();
        assertThat(new RollupAccumulator(new Bucketing(ZoneOffset.UTC))
                        .merge(empty)
                        .isEmpty())
                .isTrue();
    }

    private static void assertSame(BucketDelta actual, BucketDelta expected, String what) {
        assertThat(actual.sum()).as(what).isEqualTo(expected.sum());
        assertThat(actual.count()).as(what).isEqualTo(expected.count());
        assertThat(actual.min()).as(what).isEqualTo(expected.min());
        assertThat(actual.max()).as(what).isEqualTo(expected.max());
        assertThat(actual.denominator()).as(what).isEqualTo(expected.denominator());
        assertThat(actual.lastAtNanos()).as(what).isEqualTo(expected.lastAtNanos());
        assertThat(actual.lastValue()).as(what).isEqualTo(expected.lastValue());
    }

    private static Point point(Random random, Instant start) {
        // a few busy metrics and many quiet ones (series of different metrics share the table of recent series)
        String metric = "m" + (random.nextBoolean() ? random.nextInt(5) : random.nextInt(100));
        if (random.nextBoolean()) {
            metric = new String(metric); // another instance of an equal string
        }
        String dimensions = random.nextInt(5) == 0
                ? (random.nextBoolean() ? Dimensions.TOTAL : new String(Dimensions.TOTAL))
                : Dimensions.canonical(
                        new TreeMap<>(Map.of("country", "c" + random.nextInt(7), "plan", "p" + random.nextInt(3))));
        // 30 days around a daylight-saving change: many hour buckets per series (tables grow)
        Instant at = start.plusMillis((long) (random.nextDouble() * 30 * 86_400_000L));
        double value = random.nextInt(1000) - 100;
        return switch (random.nextInt(6)) {
            case 0 -> new Point(metric, at, value, random.nextInt(50), dimensions); // a ratio
            case 1 -> new Point(metric, at, value * 4, Double.NaN, dimensions, 4, value - 10, value + 10); // histogram
            default -> new Point(metric, at, value, Double.NaN, dimensions);
        };
    }
}
