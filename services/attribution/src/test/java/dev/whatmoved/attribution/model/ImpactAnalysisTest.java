package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.whatmoved.attribution.bench.NaiveBeforeAfter;
import dev.whatmoved.attribution.bench.SyntheticSeries;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImpactAnalysisTest {

    private static final int PRE = 56;
    private static final int POST = 28;
    private static final double[] WEEK = {5, 8, 9, 7, 3, -16, -16};

    private final ImpactAnalysis analysis = new ImpactAnalysis();

    @Test
    void aStepFarOutsideTheForecastStillHasAProbabilityBetweenZeroAndOne() {
        double[] y = new double[PRE + 1]; // one day after the release, as at a 1-day checkpoint
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 * (1 + 0.03 * Math.sin(2 * Math.PI * t / 7.0)) + ((t * 37) % 11 - 5) * 0.2 + (t >= PRE ? 30 : 0);
        }
        ImpactResult result = analyse(y, null, 7);
        assertThat(result.p()).isBetween(0.0, 1.0);
    }

    @Test
    void aNoiselessStepGivesTheStepExactlyWithATightInterval() {
        double[] y = new double[PRE + POST];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + WEEK[t % 7] + (t >= PRE ? 10 : 0);
        }

        ImpactResult result = analyse(y, new double[0][], 7);

        assertThat(result.average().absEffect()).isCloseTo(10, within(1e-5));
        assertThat(result.average().absEffectUpper() - result.average().absEffectLower())
                .isLessThan(1e-4);
        assertThat(result.cumulative().absEffect()).isCloseTo(280, within(1e-4));
        assertThat(result.average().relEffect()).isCloseTo(0.1, within(1e-8));
        assertThat(result.p()).isLessThan(1e-6);
        assertThat(result.pointwise().get(PRE).predicted()).isCloseTo(100 + WEEK[PRE % 7], within(1e-5));
    }

    @Test
    void aNoiselessStepOnTopOfAControlGivesTheStepExactly() {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[PRE + POST];
        double[] y = new double[PRE + POST];
        for (int t = 0; t < y.length; t++) {
            x[t] = 50 + 10 * random.nextDouble();
            y[t] = 5 + 3 * x[t] + (t >= PRE ? -12 : 0);
        }

        ImpactResult result = analyse(y, new double[][] {x}, 0);

        assertThat(result.average().absEffect()).isCloseTo(-12, within(1e-5));
        assertThat(result.average().absEffectUpper() - result.average().absEffectLower())
                .isLessThan(1e-4);
        assertThat(result.model().coefficients().get(0)).isCloseTo(3, within(1e-8));
        assertThat(result.model().components()).contains("regression(1)");
    }

    @Test
    void scalingTheDataScalesTheAbsoluteEffectsAndLeavesRelativeOnesAndPUnchanged() {
        SyntheticSeries.Case c = SyntheticSeries.generate(42, PRE, POST, 1, 0.05);
        ImpactResult base = analyse(c.response(), c.controls(), 7);
        double factor = 1e6;
        double[] y = Arrays.stream(c.response()).map(v -> v * factor).toArray();
        double[][] x = {Arrays.stream(c.controls()[0]).map(v -> v * 1e-3).toArray()};

        ImpactResult scaled = analyse(y, x, 7);

        // equal up to rounding: the optimiser stops a hair apart on the rescaled data (1e-4 relative at most)

        for (var pair : new ImpactResult.Summary[][] {
            {base.average(), scaled.average()}, {base.cumulative(), scaled.cumulative()}
        }) {
            ImpactResult.Summary b = pair[0];
            ImpactResult.Summary s = pair[1];
            assertThat(s.absEffect())
                    .isCloseTo(b.absEffect() * factor, within(1e-4 * factor * Math.abs(b.absEffect())));
            assertThat(s.absEffectLower())
                    .isCloseTo(b.absEffectLower() * factor, within(1e-4 * factor * Math.abs(b.absEffectLower())));
            assertThat(s.absEffectUpper())
                    .isCloseTo(b.absEffectUpper() * factor, within(1e-4 * factor * Math.abs(b.absEffectUpper())));
            assertThat(s.predicted())
                    .isCloseTo(b.predicted() * factor, within(1e-4 * factor * Math.abs(b.predicted())));
            assertThat(s.relEffect()).isCloseTo(b.relEffect(), within(1e-5));
            assertThat(s.relEffectLower()).isCloseTo(b.relEffectLower(), within(1e-5));
            assertThat(s.relEffectUpper()).isCloseTo(b.relEffectUpper(), within(1e-5));
        }
        assertThat(scaled.p()).isCloseTo(base.p(), within(1e-5));
        assertThat(scaled.minimumDetectableEffect().relative())
                .isCloseTo(base.minimumDetectableEffect().relative(), within(1e-5));
    }

    @Test
    void aControlThatExplainsTheResponseShrinksTheInterval() {
        // the response follows a wandering control (e.g. the same metric on an unaffected platform) plus small noise
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[PRE + POST];
        double[] y = new double[PRE + POST];
        double shock = 0;
        for (int t = 0; t < y.length; t++) {
            shock = 0.8 * shock + 40 * (random.nextDouble() - 0.5);
            x[t] = 500 + 20 * WEEK[t % 7] + shock;
            y[t] = 200 + 0.5 * x[t] + 4 * (random.nextDouble() - 0.5);
        }

        ImpactResult without = analyse(y, new double[0][], 7);
        ImpactResult with = analyse(y, new double[][] {x}, 7);

        double widthWithout =
                without.average().absEffectUpper() - without.average().absEffectLower();
        double widthWith = with.average().absEffectUpper() - with.average().absEffectLower();
        assertThat(widthWith).isLessThan(0.5 * widthWithout);
        assertThat(with.model().coefficients().get(0)).isCloseTo(0.5, within(0.05));
        assertThat(with.minimumDetectableEffect().absolute())
                .isLessThan(without.minimumDetectableEffect().absolute());
    }

    @Test
    void toleratesMissingValuesInBothPeriods() {
        SyntheticSeries.Case c = SyntheticSeries.generate(5, PRE, POST, 0, 0.05);
        double[] y = c.response().clone();
        for (int t : new int[] {0, 3, 20, 21, 55, 60, 83}) {
            y[t] = Double.NaN;
        }

        ImpactResult result = analyse(y, new double[0][], 7);

        assertThat(result.model().missing()).containsEntry("pre", 5).containsEntry("post", 2);
        assertThat(result.model().prePoints()).isEqualTo(51);
        assertThat(result.pointwise().get(60).actual()).isNull();
        assertThat(result.pointwise().get(60).predicted()).isFinite();
        assertThat(result.average().absEffectLower()).isLessThan(c.trueEffect());
        assertThat(result.average().absEffectUpper()).isGreaterThan(c.trueEffect());
        // the average is over the 26 observed post-period points
        double actual = 0;
        for (int t = PRE; t < PRE + POST; t++) {
            actual += Double.isNaN(y[t]) ? 0 : y[t] / 26;
        }
        assertThat(result.average().actual()).isCloseTo(actual, within(1e-9));
    }

    @Test
    void aWeeklyPatternIsNotMistakenForAnEffect() {
        // a strong weekly cycle, a post-period of 25 days (not whole weeks), no effect
        SplittableRandom random = new SplittableRandom(3);
        double[] y = new double[PRE + 25];
        for (int t = 0; t < y.length; t++) {
            y[t] = 1000 + 30 * WEEK[t % 7] + 10 * (random.nextDouble() - 0.5);
        }

        ImpactResult result = analysis.analyse(new ImpactInput(y, null, 0, PRE - 1, PRE, y.length - 1, 0.05, 7));

        assertThat(result.average().absEffectLower()).isLessThan(0);
        assertThat(result.average().absEffectUpper()).isGreaterThan(0);
        assertThat(result.p()).isGreaterThan(0.025);
        // the 25 days hold four extra weekdays: the counterfactual average knows, a plain mean of the days before
        // does not
        double weekdayMix = 30 * (WEEK[0] + WEEK[1] + WEEK[2] + WEEK[3]) / 25.0;
        assertThat(result.average().predicted()).isCloseTo(1000 + weekdayMix, within(2.0));
        NaiveBeforeAfter.Estimate naive = NaiveBeforeAfter.estimate(y, PRE, 25, 0.05);
        assertThat(naive.effect()).isCloseTo(weekdayMix, within(3.0));
    }

    @Test
    void aLargeEffectIsFoundAndItsTailProbabilityIsSmall() {
        SyntheticSeries.Case c = SyntheticSeries.generate(8, PRE, POST, 1, 0.30);

        ImpactResult result = analyse(c.response(), c.controls(), 7);

        assertThat(result.average().absEffectLower()).isPositive();
        assertThat(result.average().absEffectLower()).isLessThan(c.trueEffect());
        assertThat(result.average().absEffectUpper()).isGreaterThan(c.trueEffect());
        assertThat(result.p()).isLessThan(0.001).isGreaterThanOrEqualTo(0.0);
        assertThat(result.minimumDetectableEffect().absolute()).isLessThan(c.trueEffect());
        assertThat(result.pointwise()).hasSize(PRE + POST);
        assertThat(result.model().draws().get("effective")).isGreaterThan(20);
    }

    @Test
    void theSameInputGivesTheSameAnswer() {
        SyntheticSeries.Case c = SyntheticSeries.generate(9, PRE, POST, 1, 0.02);

        assertThat(analyse(c.response(), c.controls(), 7)).isEqualTo(analyse(c.response(), c.controls(), 7));
    }

    @Test
    void isCalibratedOnASmallSimulation() {
        int series = 200;
        int covered = 0;
        int moved = 0;
        for (int i = 0; i < series; i++) {
            SyntheticSeries.Case c = SyntheticSeries.generate(10_000 + i, PRE, POST, i % 2, 0.0);
            ImpactResult.Summary avg = analyse(c.response(), c.controls(), 7).average();
            covered += avg.absEffectLower() <= 0 && 0 <= avg.absEffectUpper() ? 1 : 0;
            moved += avg.absEffectLower() > 0 || avg.absEffectUpper() < 0 ? 1 : 0;
        }
        assertThat(covered / (double) series).isGreaterThan(0.90);
        assertThat(moved / (double) series).isLessThan(0.10);
    }

    @Test
    void rejectsDataItCannotAnalyse() {
        double[] constant = new double[20];
        Arrays.fill(constant, 4);
        assertThatThrownBy(() -> analysis.analyse(new ImpactInput(constant, null, 0, 9, 10, 19, 0.05, 0)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("response"));

        double[] shortSeries = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThatThrownBy(() -> analysis.analyse(new ImpactInput(shortSeries, null, 0, 5, 6, 9, 0.05, 7)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("prePeriod"));

        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] twice = Arrays.stream(x).map(v -> 2 * v).toArray();
        double[] y = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        assertThatThrownBy(() -> analysis.analyse(new ImpactInput(y, new double[][] {x, twice}, 0, 6, 7, 9, 0.05, 0)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("controls"));
    }

    private ImpactResult analyse(double[] y, double[][] controls, int season) {
        return analysis.analyse(new ImpactInput(y, controls, 0, PRE - 1, PRE, y.length - 1, 0.05, season));
    }
}
