package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HourlyCheckpointTest {

    private static final CheckpointAnalysis.Settings SETTINGS =
            new CheckpointAnalysis.Settings(336, 0.05, 24, 168, 0.5);
    private static final Instant RELEASE = Instant.parse("2026-11-10T14:20:00Z");

    private final HourlyCheckpoint hourly = new HourlyCheckpoint(new CheckpointAnalysis(new ImpactAnalysis()));

    @Test
    void aStepAfterTheReleaseHourIsMeasuredOnTheNext24Hours() {
        CheckpointAnalysis.Result result = hourly.measure(request(series(1, 0.10), "up", 5.0));

        assertThat(result.verdict()).isEqualTo(Verdict.MOVED_AS_PREDICTED);
        assertThat(result.impact().average().relEffect()).isBetween(0.07, 0.13);
        assertThat(result.data().postPoints()).isEqualTo(24);
        assertThat(result.data().prePoints()).isEqualTo(336);
        // windows in real days: the pre-period starts 14 days before the release's hour, the post-period ends a day on
        assertThat(result.window().preFrom()).isEqualTo(LocalDate.parse("2026-10-27"));
        assertThat(result.window().postFrom()).isEqualTo(LocalDate.parse("2026-11-10"));
        assertThat(result.window().postTo()).isEqualTo(LocalDate.parse("2026-11-11"));
    }

    @Test
    void withoutAnEffectTheHoursShowNoDetectableChange() {
        CheckpointAnalysis.Result result = hourly.measure(request(series(2, 0), "up", 5.0));

        assertThat(result.verdict()).isEqualTo(Verdict.NO_DETECTABLE_CHANGE);
        assertThat(result.impact().average().relEffectLower()).isNegative();
        assertThat(result.impact().average().relEffectUpper()).isPositive();
    }

    @Test
    void sparseHourlyDataIsNotEnoughAndTheDailyDataIsUsedInstead() {
        Map<Instant, Double> sparse = new HashMap<>();
        series(3, 0).forEach((hour, value) -> {
            if (hour.getEpochSecond() / 3600 % 3 == 0) {
                sparse.put(hour, value);
            }
        });
        assertThat(HourlyCheckpoint.enough(request(sparse, "up", 5.0))).isFalse();
        assertThat(HourlyCheckpoint.enough(request(series(3, 0), "up", 5.0))).isTrue();
    }

    @Test
    void theFingerprintChangesWithTheDataOnly() {
        Map<Instant, Double> data = series(4, 0);
        String before = HourlyCheckpoint.fingerprint(request(data, "up", 5.0), "x");
        assertThat(HourlyCheckpoint.fingerprint(request(new HashMap<>(data), "up", 5.0), "x"))
                .isEqualTo(before);
        data.put(RELEASE.plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS), 1.0);
        assertThat(HourlyCheckpoint.fingerprint(request(data, "up", 5.0), "x")).isNotEqualTo(before);
    }

    private static HourlyCheckpoint.Request request(Map<Instant, Double> data, String direction, double pct) {
        return new HourlyCheckpoint.Request(
                RELEASE,
                null,
                new CheckpointAnalysis.Expectation(direction, pct, false, null),
                data,
                List.of(),
                SETTINGS);
    }

    /** 15 days of hours around the release: a daily cycle (busy afternoons, quiet nights), AR(1) noise, a step. */
    static Map<Instant, Double> series(long seed, double effect) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Instant, Double> values = new HashMap<>();
        Instant releaseHour = RELEASE.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant first = releaseHour.minus(Duration.ofHours(336));
        double noise = 0;
        for (int i = 0; i < 336 + 25; i++) {
            Instant hour = first.plus(Duration.ofHours(i));
            int hourOfDay = hour.atZone(java.time.ZoneOffset.UTC).getHour();
            noise = 0.5 * noise + 8 * gaussian(random);
            double value = 500 * (1 + 0.4 * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24.0)) + noise;
            if (hour.isAfter(releaseHour)) {
                value *= 1 + effect;
            }
            values.put(hour, value);
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
