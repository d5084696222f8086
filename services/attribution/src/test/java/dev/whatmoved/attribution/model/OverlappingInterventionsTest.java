package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.whatmoved.attribution.bench.SyntheticSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two releases move one metric inside each other's windows: A on day 56 by +8 % of the level, B on day 70 by -5 %.
 * Each analysis must estimate its own release's step, not the sum of both.
 */
class OverlappingInterventionsTest {

    private static final int A = 56;
    private static final int B = 70;
    private static final double EFFECT_A = 80;
    private static final double EFFECT_B = -50;
    private static final double[] WEEK = {5, 8, 9, 7, 3, -16, -16};

    private final ImpactAnalysis analysis = new ImpactAnalysis();

    @Test
    void noiselessStepsAreEachFoundExactlyWhicheverReleaseIsAnalysed() {
        // a negative level: the additive scale alone (steps that add up are not exact on the log scale)
        double[] y = new double[B + 28];
        for (int t = 0; t < y.length; t++) {
            y[t] = -1000 + WEEK[t % 7] + step(t);
        }

        // A's 28-day window holds B's start in its post-period: the joint design
        ImpactResult a =
                analysis.analyse(new ImpactInput(y, null, 0, A - 1, A, A + 27, 0.05, 7, List.of(Intervention.from(B))));
        // B's pre-period holds A's start: an ordinary fixed effect of the forecast
        ImpactResult b = analysis.analyse(
                new ImpactInput(y, null, B - 56, B - 1, B, B + 27, 0.05, 7, List.of(Intervention.from(A))));

        assertThat(a.average().absEffect()).isCloseTo(EFFECT_A, within(1e-6));
        assertThat(a.interventions().get(0).effect()).isCloseTo(EFFECT_B, within(1e-6));
        assertThat(a.model().components()).contains("interventions(1, joint)");
        assertThat(b.average().absEffect()).isCloseTo(EFFECT_B, within(1e-6));
        assertThat(b.interventions().get(0).effect()).isCloseTo(EFFECT_A, within(1e-6));
        assertThat(b.model().components()).contains("interventions(1)");
    }

    @Test
    void onNoisySeasonalSeriesEachReleaseGetsItsOwnEffectAndTheIntervalsCoverIt() {
        int series = 40;
        double errorA = 0;
        double errorB = 0;
        double ignoredA = 0;
        int coveredA = 0;
        int coveredB = 0;
        for (int seed = 0; seed < series; seed++) {
            SyntheticSeries.Case c = SyntheticSeries.generate(1000 + seed, A, 42, 0, 0);
            double[] y = c.response().clone();
            for (int t = 0; t < y.length; t++) {
                y[t] += step(t);
            }
            ImpactResult a = analysis.analyse(
                    new ImpactInput(y, null, 0, A - 1, A, A + 27, 0.05, 7, List.of(Intervention.from(B))));
            ImpactResult b = analysis.analyse(
                    new ImpactInput(y, null, B - 56, B - 1, B, B + 27, 0.05, 7, List.of(Intervention.from(A))));
            ImpactResult aAlone = analysis.analyse(new ImpactInput(y, null, 0, A - 1, A, A + 27, 0.05, 7));
            errorA += (a.average().absEffect() - EFFECT_A) / series;
            errorB += (b.average().absEffect() - EFFECT_B) / series;
            ignoredA += (aAlone.average().absEffect() - EFFECT_A) / series;
            coveredA += covers(a, EFFECT_A) ? 1 : 0;
            coveredB += covers(b, EFFECT_B) ? 1 : 0;
        }

        // ignoring B hands A half of B's step (B is on for 14 of A's 28 days)
        assertThat(ignoredA).isCloseTo(EFFECT_B / 2, within(12.0));
        // modelled, each release's mean estimate is near its own effect (the level is 1000)
        assertThat(errorA).isCloseTo(0, within(12.0));
        assertThat(errorB).isCloseTo(0, within(12.0));
        assertThat(coveredA).isGreaterThanOrEqualTo(34);
        assertThat(coveredB).isGreaterThanOrEqualTo(34);
    }

    @Test
    void refusesToSplitStepsThatStartAtTheSameObservedPoint() {
        double[] y = new double[A + 28];
        for (int t = 0; t < y.length; t++) {
            y[t] = 1000 + WEEK[t % 7] + (t >= A ? 30 : 0) + (t % 5);
        }

        assertThatThrownBy(() -> analysis.analyse(
                        new ImpactInput(y, null, 0, A - 1, A, A + 27, 0.05, 7, List.of(Intervention.from(A)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be separated");
    }

    @Test
    void aStepThatIsOnOverTheWholeWindowIsPartOfTheLevel() {
        double[] y = new double[A + 28];
        for (int t = 0; t < y.length; t++) {
            y[t] = 1000 + WEEK[t % 7] + (t >= A ? 30 : 0);
        }

        ImpactResult result = analysis.analyse(new ImpactInput(
                y, null, 0, A - 1, A, A + 27, 0.05, 7, List.of(new Intervention(-10, Integer.MAX_VALUE))));

        assertThat(result.interventions()).containsExactly((ImpactResult.InterventionEstimate) null);
        assertThat(result.average().absEffect()).isCloseTo(30, within(1e-6));
    }

    private static double step(int t) {
        return (t >= A ? EFFECT_A : 0) + (t >= B ? EFFECT_B : 0);
    }

    private static boolean covers(ImpactResult result, double truth) {
        return result.average().absEffectLower() <= truth
                && truth <= result.average().absEffectUpper();
    }
}
