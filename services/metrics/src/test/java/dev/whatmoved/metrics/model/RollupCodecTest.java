package dev.whatmoved.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whatmoved.metrics.domain.Point;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupCodecTest {

    private final Bucketing utc = new Bucketing(ZoneOffset.UTC);
    private final Instant t = Instant.parse("2026-11-20T10:15:30.123456789Z");

    @Test
    void aDecodedRollupEqualsTheEncodedOneBucketForBucketToTheBit() {
        RollupAccumulator rollup = new RollupAccumulator(utc)
                .add(new Point("signups", t, 0.1, Double.NaN, "{}", 1, Double.NaN, Double.NaN))
                .add(new Point(
                        "signups",
                        t.plusSeconds(7200),
                        -3.5e-300,
                        Double.NaN,
                        "{\"country\":\"dé\"}",
                        1,
                        Double.NaN,
                        Double.NaN))
                .add(new Point("conversion", t, 3, 40, "{}", 1, Double.NaN, Double.NaN))
                .add(new Point("latency", t, 120.5, Double.NaN, "{}", 4, 10, 90));

        RollupAccumulator decoded = new RollupAccumulator(utc);
        RollupCodec.decodeInto(RollupCodec.encode(rollup), decoded);

        assertThat(decoded.bucketCount()).isEqualTo(rollup.bucketCount()).isEqualTo(9);
        for (Map.Entry<BucketKey, BucketDelta> bucket : rollup.inLockOrder()) {
            BucketDelta want = bucket.getValue();
            BucketDelta got = decoded.get(bucket.getKey());
            assertThat(got).as("%s", bucket.getKey()).isNotNull();
            assertThat(Double.doubleToRawLongBits(got.sum())).isEqualTo(Double.doubleToRawLongBits(want.sum()));
            assertThat(got.count()).isEqualTo(want.count());
            assertThat(got.min()).isEqualTo(want.min());
            assertThat(got.max()).isEqualTo(want.max());
            assertThat(got.denominator()).isEqualTo(want.denominator());
            assertThat(got.lastAtNanos()).isEqualTo(want.lastAtNanos());
            assertThat(got.lastValue()).isEqualTo(want.lastValue());
        }
    }

    @Test
    void decodingAddsToWhatTheRollupHoldsLikeAnotherRequestsPoints() {
        Point one = new Point("signups", t, 2, Double.NaN, "{}", 1, Double.NaN, Double.NaN);
        Point later = new Point("signups", t.plusSeconds(60), 5, Double.NaN, "{}", 1, Double.NaN, Double.NaN);
        RollupAccumulator merged = new RollupAccumulator(utc).add(one);
        RollupCodec.decodeInto(RollupCodec.encode(new RollupAccumulator(utc).add(later)), merged);

        BucketDelta hour = merged.get(
                new BucketKey("signups", dev.whatmoved.metrics.domain.Granularity.HOUR, "{}", utc.hourStart(t)));
        assertThat(hour.sum()).isEqualTo(7);
        assertThat(hour.count()).isEqualTo(2);
        assertThat(hour.min()).isEqualTo(2);
        assertThat(hour.max()).isEqualTo(5);
        assertThat(hour.lastValue()).isEqualTo(5);
    }

    @Test
    void refusesDeltasOfAnotherVersionOrCutShort() {
        byte[] encoded = RollupCodec.encode(new RollupAccumulator(utc)
                .add(new Point("signups", t, 1, Double.NaN, "{}", 1, Double.NaN, Double.NaN)));
        byte[] newer = encoded.clone();
        newer[0] = 2;
        assertThatThrownBy(() -> RollupCodec.decodeInto(newer, new RollupAccumulator(utc)))
                .hasMessageContaining("version 2");
        byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 3);
        assertThatThrownBy(() -> RollupCodec.decodeInto(cut, new RollupAccumulator(utc)))
                .hasMessageContaining("cut short");
    }
}
