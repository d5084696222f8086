package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.whatmoved.attribution.bench.SyntheticSeries;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionReviewTest {

    private static final LocalDate RELEASE = LocalDate.of(2026, 10, 1);
    private static final List<Integer> LOOKS = List.of(1, 7, 14, 30, 60, 90);
    /** The outcome job's settings, with a shorter history (placebo dates) to keep the simulation small. */
    private static final int HISTORY = 120;

    private static final CheckpointAnalysis.Settings SETTINGS =
            new CheckpointAnalysis.Settings(56, 0.05, 7, 28, 0.5, HISTORY);

    private final CheckpointAnalysis analysis = new CheckpointAnalysis(new ImpactAnalysis());
    private final DetectionReview review = new DetectionReview(analysis);

    @Test
    void atTheReportedMdeTheVerdictRuleDetectsAboutFourInjectedEffectsInFive() {
        int checkpoint = 14;
        int replicates = Integer.getInteger("review.replicates", 100);
        int detected = 0;
        long started = System.nanoTime();
        for (int seed = 0; seed < replicates; seed++) {
            int pre = HISTORY + 56;
            SyntheticSeries.Case series = SyntheticSeries.generate(9000 + seed, pre, checkpoint, 0, 0);
            Map<LocalDate, Double> history = days(series, pre, 0);
            // the review of this checkpoint alone (review() runs every look the same way)
            DetectionReview.Checkpoint at = review.checkpoint(request("up", 1.0, history), LOOKS, checkpoint, 0.01);
            // inject exactly the reported MDE into what happens next, and let the verdict decide
            Map<LocalDate, Double> withEffect = days(series, pre, at.mdeAbsolute());
            CheckpointAnalysis.Result verdict = analysis.measure(new CheckpointAnalysis.Request(
                    RELEASE,
                    null,
                    checkpoint,
                    new CheckpointAnalysis.Expectation("up", 1.0, false, null),
                    withEffect,
                    List.of(),
                    SETTINGS,
                    LOOKS,
                    Set.of(),
                    null));
            // the verdict's own MDE is the one the review reported: the same model, the same boundary
            assertThat(verdict.impact().minimumDetectableEffect().absolute())
                    .isCloseTo(at.mdeAbsolute(), within(1e-6 * at.mdeAbsolute()));
            assertThat(verdict.sequential().decisionAlpha()).isEqualTo(at.decisionAlpha());
            detected += verdict.verdict() == Verdict.MOVED_AS_PREDICTED ? 1 : 0;
        }
        double power = detected / (double) replicates;
        System.out.printf(
                "review simulation: %d of %d detected at the reported MDE (%.3f) in %.1f s%n",
                detected, replicates, power, (System.nanoTime() - started) / 1e9);
        // 80 % power; the binomial standard error at 100 replicates is 4 points
        assertThat(power).isBetween(0.70, 0.90);
    }

    @Test
    void theMdeShrinksWithLongerWindowsAndTheSentenceNamesTheFirstDetectableDay() {
        int pre = HISTORY + 56;
        SyntheticSeries.Case series = SyntheticSeries.generate(42, pre, 0, 0, 0);
        Map<LocalDate, Double> history = days(series, pre, 0);

        DetectionReview.Result small = review.review(request("up", 1.0, history));
        DetectionReview.Result large = review.review(request("up", 50.0, history));

        assertThat(small.checkpoints())
                .extracting(DetectionReview.Checkpoint::days)
                .containsExactlyElementsOf(LOOKS);
        // longer windows average more days: the 14-day MDE is below the 1-day one
        assertThat(small.checkpoints().get(2).mdePct())
                .isLessThan(small.checkpoints().get(0).mdePct());
        assertThat(large.firstDetectableDay()).isEqualTo(1);
        assertThat(large.summary()).isEqualTo("your +50 % on checkout.conversions can be told from noise from day 1");
        Integer first = small.firstDetectableDay();
        if (first == null) {
            assertThat(small.summary())
                    .startsWith("your +1 % on checkout.conversions cannot be told from noise at any checkpoint"
                            + " up to day 90");
        } else {
            assertThat(small.summary())
                    .isEqualTo("your +1 % on checkout.conversions cannot be told from noise before day " + first);
            DetectionReview.Checkpoint firstCheckpoint = small.checkpoints().stream()
                    .filter(c -> c.days() == first)
                    .findFirst()
                    .orElseThrow();
            assertThat(firstCheckpoint.mdePct()).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void tooShortAHistoryGivesNoFigureAndSaysWhy() {
        Map<LocalDate, Double> history = new HashMap<>();
        for (int i = 1; i <= 10; i++) {
            history.put(RELEASE.minusDays(i), 100.0 + i);
        }

        DetectionReview.Result result = review.review(request("up", 2.0, history));

        assertThat(result.firstDetectableDay()).isNull();
        assertThat(result.checkpoints()).allSatisfy(c -> {
            assertThat(c.mdePct()).isNull();
            assertThat(c.reason()).startsWith("too little data: 10 of 56 pre-period days have data");
        });
        assertThat(result.summary()).startsWith("the history of checkout.conversions cannot tell yet: too little data");
    }

    private static DetectionReview.Request request(String direction, double changePct, Map<LocalDate, Double> daily) {
        return new DetectionReview.Request(
                "checkout.conversions",
                RELEASE,
                new CheckpointAnalysis.Expectation(direction, changePct, false, null),
                daily,
                LOOKS,
                Set.of(),
                SETTINGS);
    }

    /** The generated series on days: the pre part before the release day, the rest after it plus {@code effect}. */
    private static Map<LocalDate, Double> days(SyntheticSeries.Case series, int pre, double effect) {
        Map<LocalDate, Double> daily = new HashMap<>();
        double[] y = series.response();
        for (int t = 0; t < y.length; t++) {
            LocalDate day = t < pre ? RELEASE.minusDays(pre - t) : RELEASE.plusDays(1 + t - pre);
            daily.put(day, t < pre ? y[t] : y[t] + effect);
        }
        return daily;
    }
}
