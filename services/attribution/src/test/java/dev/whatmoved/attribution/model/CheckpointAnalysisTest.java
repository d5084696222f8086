package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CheckpointAnalysisTest {

    private static final LocalDate RELEASE = LocalDate.of(2026, 10, 1);
    private static final CheckpointAnalysis.Settings SETTINGS = new CheckpointAnalysis.Settings(56, 0.05, 7, 28, 0.5);
    private static final CheckpointAnalysis.Expectation UP_5 =
            new CheckpointAnalysis.Expectation("up", 5.0, false, null);

    private final CheckpointAnalysis analysis = new CheckpointAnalysis(new ImpactAnalysis());

    @Test
    void theVerdictUsesTheIntervalThenThePowerToShowThePredictedChange() {
        // interval excludes zero: moved, in the predicted direction or not
        assertThat(Verdict.of(1, 0.5, 2.0, 0.05, 0.10)).isEqualTo(Verdict.MOVED_AS_PREDICTED);
        assertThat(Verdict.of(-1, 0.5, 2.0, 0.05, 0.01)).isEqualTo(Verdict.MOVED_OPPOSITE);
        assertThat(Verdict.of(-1, -2.0, -0.5, 0.05, 0.01)).isEqualTo(Verdict.MOVED_AS_PREDICTED);
        // interval holds zero: "no detectable change" only if the data could have shown the predicted change
        assertThat(Verdict.of(1, -1.0, 1.0, 0.05, 0.03)).isEqualTo(Verdict.NO_DETECTABLE_CHANGE);
        assertThat(Verdict.of(1, -1.0, 1.0, 0.02, 0.03)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.of(1, -1.0, 1.0, 0.02, null)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.of(1, -1.0, 1.0, null, 0.03)).isEqualTo(Verdict.NO_DETECTABLE_CHANGE);
    }

    @Test
    void windowsAreTheEightWeeksBeforeAndTheCheckpointsDaysAfterTheReleaseDay() {
        CheckpointAnalysis.Window w = CheckpointAnalysis.window(RELEASE, null, 14, 56);
        assertThat(w.preFrom()).isEqualTo(RELEASE.minusDays(56));
        assertThat(w.preTo()).isEqualTo(RELEASE.minusDays(1));
        assertThat(w.postFrom()).isEqualTo(RELEASE.plusDays(1));
        assertThat(w.postTo()).isEqualTo(RELEASE.plusDays(14));
        assertThat(w.postDays()).isEqualTo(14);
        assertThat(w.truncated()).isFalse();

        CheckpointAnalysis.Window rolledBack = CheckpointAnalysis.window(RELEASE, RELEASE.plusDays(5), 14, 56);
        assertThat(rolledBack.postTo()).isEqualTo(RELEASE.plusDays(4));
        assertThat(rolledBack.postDays()).isEqualTo(4);
        assertThat(rolledBack.truncated()).isTrue();
        assertThat(CheckpointAnalysis.window(RELEASE, RELEASE.plusDays(20), 14, 56)
                        .truncated())
                .isFalse();
    }

    @Test
    void aKnownEffectIsMovedAsPredictedAndTheReleaseDayIsLeftOut() {
        Map<LocalDate, Double> daily = series(1, Map.of(RELEASE.plusDays(1), 0.10));
        daily.put(RELEASE, 1e6); // the release day is partly before, partly after: never used

        CheckpointAnalysis.Result result = analysis.measure(request(14, null, daily, List.of()));

        assertThat(result.verdict()).isEqualTo(Verdict.MOVED_AS_PREDICTED);
        assertThat(result.impact().average().relEffect()).isBetween(0.07, 0.13);
        assertThat(result.data().prePoints()).isEqualTo(56);
        assertThat(result.data().postPoints()).isEqualTo(14);
        assertThat(result.guardrailBreached()).isFalse();
    }

    @Test
    void tooLittleDataIsInconclusiveWithTheReason() {
        Map<LocalDate, Double> daily = series(2, Map.of());
        daily.keySet().removeIf(day -> day.isBefore(RELEASE.minusDays(20)));

        CheckpointAnalysis.Result result = analysis.measure(request(7, null, daily, List.of()));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.reason()).contains("too little data").contains("20 of 56 pre-period days");
        assertThat(result.impact()).isNull();
    }

    @Test
    void anotherReleaseOnTheSameDayCannotBeSeparated() {
        var other = new CheckpointAnalysis.OtherRelease("b", RELEASE, null);

        CheckpointAnalysis.Result result = analysis.measure(request(7, null, series(3, Map.of()), List.of(other)));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.reason()).startsWith("confounded");
        assertThat(result.confounders()).singleElement().satisfies(c -> {
            assertThat(c.period()).isEqualTo("same-day");
            assertThat(c.separated()).isFalse();
        });
    }

    @Test
    void anotherReleaseInTheWindowIsEstimatedAsItsOwnStepAndItsDayLeftOut() {
        LocalDate otherDay = RELEASE.plusDays(10);
        Map<LocalDate, Double> daily = series(4, Map.of(RELEASE.plusDays(1), 0.08, otherDay.plusDays(1), -0.06));
        var other = new CheckpointAnalysis.OtherRelease("b", otherDay, null);

        CheckpointAnalysis.Result alone = analysis.measure(request(30, null, daily, List.of()));
        CheckpointAnalysis.Result modelled = analysis.measure(request(30, null, daily, List.of(other)));

        assertThat(alone.impact().average().relEffect()).isLessThan(0.05); // B's drop handed to A
        assertThat(modelled.impact().average().relEffect()).isBetween(0.06, 0.10);
        assertThat(modelled.confounders()).singleElement().satisfies(c -> {
            assertThat(c.period()).isEqualTo("post");
            assertThat(c.separated()).isTrue();
            assertThat(c.effect()).isBetween(-90.0, -35.0); // -6 % of a level near 1000
        });
        assertThat(modelled.data().excludedDays()).isEqualTo(1);
    }

    @Test
    void aGuardrailDegradingBeyondItsToleranceIsBreached() {
        var latency = new CheckpointAnalysis.Expectation("down", null, true, 3.0);
        Map<LocalDate, Double> daily = series(5, Map.of(RELEASE.plusDays(1), 0.12));

        CheckpointAnalysis.Result result =
                analysis.measure(new CheckpointAnalysis.Request(RELEASE, null, 7, latency, daily, List.of(), SETTINGS));

        assertThat(result.verdict()).isEqualTo(Verdict.MOVED_OPPOSITE);
        assertThat(result.guardrailBreached()).isTrue();
    }

    @Test
    void theFingerprintChangesWithTheDataInTheWindowOnly() {
        Map<LocalDate, Double> daily = series(6, Map.of());
        String before = request(7, null, daily, List.of()).fingerprint("m#1");
        daily.put(RELEASE.plusDays(20), 5.0); // after the 7-day window
        assertThat(request(7, null, daily, List.of()).fingerprint("m#1")).isEqualTo(before);
        daily.put(RELEASE.plusDays(3), 5.0);
        assertThat(request(7, null, daily, List.of()).fingerprint("m#1")).isNotEqualTo(before);
        assertThat(request(7, null, series(6, Map.of()), List.of()).fingerprint("m#2"))
                .isNotEqualTo(before);
    }

    private static CheckpointAnalysis.Request request(
            int days, LocalDate rollback, Map<LocalDate, Double> daily, List<CheckpointAnalysis.OtherRelease> others) {
        return new CheckpointAnalysis.Request(RELEASE, rollback, days, UP_5, daily, others, SETTINGS);
    }

    /** Level 1000, weekly cycle, AR(1) noise of sd 15, times (1 + pct) from each effect's day; 56 + 45 days. */
    private static Map<LocalDate, Double> series(long seed, Map<LocalDate, Double> effects) {
        double[] week = {40, 60, 60, 50, 10, -110, -110};
        SplittableRandom random = new SplittableRandom(seed);
        Map<LocalDate, Double> daily = new TreeMap<>();
        double noise = 0;
        for (LocalDate day = RELEASE.minusDays(56); day.isBefore(RELEASE.plusDays(45)); day = day.plusDays(1)) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            noise = 0.5 * noise + 15 * Math.sqrt(0.75) * g;
            double value = 1000 + week[day.getDayOfWeek().ordinal()] + noise;
            for (var effect : effects.entrySet()) {
                if (!day.isBefore(effect.getKey())) {
                    value *= 1 + effect.getValue();
                }
            }
            daily.put(day, value);
        }
        return daily;
    }
}
