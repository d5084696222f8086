package dev.whatmoved.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.domain.Point;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupAccumulatorTest {

    private static final String DE = Dimensions.canonical(Map.of("country", "de"));

    @Test
    void aBurstIntoOneBucketBecomesOneDeltaPerBucketWithSumCountMinMaxAndLast() {
        RollupAccumulator rollup = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
        Instant hour = Instant.parse("2026-11-24T10:00:00Z");
        for (int i = 0; i < 1000; i++) {
            rollup.add(new Point("m", hour.plusSeconds(i), i, Double.NaN, DE));
        }
        rollup.add(new Point("m", hour.plusSeconds(3600), 5, Double.NaN, Dimensions.TOTAL));
        // hour 10 (total, de), hour 11 (total), day (total, de)
        assertThat(rollup.bucketCount()).isEqualTo(5);
        BucketDelta deHour = rollup.get(new BucketKey("m", Granularity.HOUR, DE, hour.getEpochSecond()));
        assertThat(deHour.count()).isEqualTo(1000);
        assertThat(deHour.sum()).isEqualTo(999 * 1000 / 2.0);
        assertThat(deHour.min()).isEqualTo(0);
        assertThat(deHour.max()).isEqualTo(999);
        assertThat(deHour.lastValue()).isEqualTo(999);
        BucketDelta day = rollup.get(new BucketKey(
                "m",
                Granularity.DAY,
                Dimensions.TOTAL,
                Instant.parse("2026-11-24T00:00:00Z").getEpochSecond()));
        assertThat(day.count()).isEqualTo(1001);
        assertThat(day.lastValue()).isEqualTo(5);
        assertThat(day.denominator()).isNull();
    }

    @Test
    void ratiosAddNumeratorsAndDenominatorsAndHaveNoMinMax() {
        RollupAccumulator rollup = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        rollup.add(new Point("r", t, 3, 100, Dimensions.TOTAL));
        rollup.add(new Point("r", t, 7, 50, Dimensions.TOTAL));
        BucketDelta hour = rollup.get(new BucketKey("r", Granularity.HOUR, Dimensions.TOTAL, t.getEpochSecond()));
        assertThat(hour.sum()).isEqualTo(10);
        assertThat(hour.denominator()).isEqualTo(150);
        assertThat(hour.min()).isNull();
    }

    @Test
    void mergingTwoAccumulatorsEqualsAddingEverythingToOne() {
        Bucketing utc = new Bucketing(ZoneOffset.UTC);
        RollupAccumulator a = new RollupAccumulator(utc);
        RollupAccumulator b = new RollupAccumulator(utc);
        RollupAccumulator both = new RollupAccumulator(utc);
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            Point p = new Point("m", t.plusSeconds(i * 600L), i, Double.NaN, i % 2 == 0 ? DE : Dimensions.TOTAL);
            (i < 5 ? a : b).add(p);
            both.add(p);
        }
        RollupAccumulator merged = new RollupAccumulator(utc).merge(a).merge(b);
        assertThat(merged.bucketCount()).isEqualTo(both.bucketCount());
        both.inLockOrder().forEach(e -> {
            BucketDelta m = merged.get(e.getKey());
            assertThat(m.sum()).isEqualTo(e.getValue().sum());
            assertThat(m.count()).isEqualTo(e.getValue().count());
            assertThat(m.min()).isEqualTo(e.getValue().min());
            assertThat(m.max()).isEqualTo(e.getValue().max());
            assertThat(m.lastValue()).isEqualTo(e.getValue().lastValue());
        });
        // merging did not change what a and b hold
        assertThat(a.points() + b.points()).isEqualTo(both.points());
    }

    @Test
    void histogramPointsCountTheirObservations() {
        RollupAccumulator rollup = new RollupAccumulator(new Bucketing(ZoneOffset.UTC));
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        rollup.add(new Point("h", t, 1000, Double.NaN, Dimensions.TOTAL, 4, 100, 400));
        BucketDelta hour = rollup.get(new BucketKey("h", Granularity.HOUR, Dimensions.TOTAL, t.getEpochSecond()));
        assertThat(hour.count()).isEqualTo(4);
        assertThat(hour.min()).isEqualTo(100);
        assertThat(hour.max()).isEqualTo(400);
    }
}
