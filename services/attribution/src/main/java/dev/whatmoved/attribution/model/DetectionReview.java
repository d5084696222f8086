package dev.whatmoved.attribution.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a metric's own history can detect, before a release: the minimum detectable effect at each checkpoint of a
 * prediction, and the first checkpoint at which the predicted change would be detected with 80 % power. Plain Java.
 *
 * <p>It is the verdict's own computation, run ahead of time: a release is assumed on {@code releaseDay} (the day after
 * the metric's last day with data), and {@link CheckpointAnalysis} measures each checkpoint with the same settings,
 * the same looks (so the same alpha-spending boundary) and the same model as the outcome job will. The post-period's
 * days do not exist yet; they are filled with the value of the same weekday a week (or more) before. The model learns
 * only from the pre-period and its history, and the forecast's uncertainty, hence the minimum detectable effect, does
 * not depend on the post-period's values, only on which of its days are observed ({@code DetectionReviewTest} checks
 * that two different fillings give the same figures). So the review's MDE is exactly the MDE the verdict at that
 * checkpoint will compare the predicted change with, had the release shipped on that day.
 */
public final class DetectionReview {

    /**
     * @param metric the metric's key (for the sentence)
     * @param releaseDay the day the release is assumed on
     * @param expectation what is predicted (direction, change; a guardrail's tolerance)
     * @param daily the metric's daily values before {@code releaseDay} (its pre-period and history)
     * @param looks the prediction's checkpoints up to its horizon, in days
     * @param excludedDays days of known events, missing to the model
     */
    public record Request(
            String metric,
            LocalDate releaseDay,
            CheckpointAnalysis.Expectation expectation,
            Map<LocalDate, Double> daily,
            List<Integer> looks,
            Set<LocalDate> excludedDays,
            CheckpointAnalysis.Settings settings) {}

    /**
     * One checkpoint's figures.
     *
     * @param days the checkpoint
     * @param decisionAlpha the two-sided level its verdict decides "moved" at (its look's boundary)
     * @param mdeAbsolute the minimum detectable average effect per day, in the metric's units, or null
     * @param mdePct the same relative to the counterfactual, percent, or null (no figure: see {@code reason})
     * @param detectable whether the predicted change (or tolerance) is at least the MDE; null when none is stated or
     *     there is no figure
     * @param reason why there is no figure (too little data, ...), or null
     */
    public record Checkpoint(
            int days, double decisionAlpha, Double mdeAbsolute, Double mdePct, Boolean detectable, String reason) {}

    /**
     * @param changePct the change that must be detected (the prediction's, or a guardrail's tolerance), percent, or
     *     null
     * @param firstDetectableDay the first checkpoint whose MDE is at most {@code changePct}, or null
     * @param summary one sentence for a person
     */
    public record Result(
            String metric,
            LocalDate releaseDay,
            Double changePct,
            List<Checkpoint> checkpoints,
            Integer firstDetectableDay,
            String summary) {}

    private final CheckpointAnalysis analysis;

    public DetectionReview(CheckpointAnalysis analysis) {
        this.analysis = analysis;
    }

    public Result review(Request request) {
        List<Integer> looks = request.looks().stream().sorted().distinct().toList();
        Double target = request.expectation().target();
        Double changePct = target == null ? null : 100 * target;
        List<Checkpoint> checkpoints = new ArrayList<>();
        Integer first = null;
        for (int days : looks) {
            Checkpoint checkpoint = checkpoint(request, looks, days, target);
            checkpoints.add(checkpoint);
            if (first == null && Boolean.TRUE.equals(checkpoint.detectable())) {
                first = days;
            }
        }
        return new Result(
                request.metric(),
                request.releaseDay(),
                changePct,
                List.copyOf(checkpoints),
                first,
                summary(request, changePct, checkpoints, first));
    }

    /** One checkpoint's figures ({@code looks} sorted, holding {@code days}). */
    Checkpoint checkpoint(Request request, List<Integer> looks, int days, Double target) {
        CheckpointAnalysis.Request measured = new CheckpointAnalysis.Request(
                request.releaseDay(),
                null,
                days,
                request.expectation(),
                filled(request.daily(), request.releaseDay(), days),
                List.of(),
                request.settings(),
                looks,
                request.excludedDays(),
                null);
        double decisionAlpha = measured.decisionAlpha();
        CheckpointAnalysis.Result result = analysis.measure(measured);
        if (result.impact() == null) {
            return new Checkpoint(days, decisionAlpha, null, null, null, result.reason());
        }
        ImpactResult.MinimumDetectableEffect mde = result.impact().minimumDetectableEffect();
        if (mde.relative() == null) {
            return new Checkpoint(
                    days, decisionAlpha, mde.absolute(), null, null, "the counterfactual is zero: no relative figure");
        }
        Boolean detectable = target == null ? null : mde.relative() <= target;
        return new Checkpoint(days, decisionAlpha, mde.absolute(), 100 * mde.relative(), detectable, null);
    }

    /**
     * The history, and the post-period's days (which do not exist yet) filled with the latest observed value of the same
     * weekday before the release day (the mean of the observed days when there is none), so that they count as
     * observed.
     */
    static Map<LocalDate, Double> filled(Map<LocalDate, Double> daily, LocalDate releaseDay, int days) {
        Map<LocalDate, Double> series = new HashMap<>();
        daily.forEach((day, value) -> {
            if (day.isBefore(releaseDay) && value != null) {
                series.put(day, value);
            }
        });
        double mean = series.values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(1);
        for (int k = 1; k <= days; k++) {
            LocalDate day = releaseDay.plusDays(k);
            Double value = null;
            for (LocalDate back = day.minusDays(7); value == null && !back.isBefore(releaseDay.minusDays(63)); ) {
                value = back.isBefore(releaseDay) ? series.get(back) : null;
                back = back.minusDays(7);
            }
            series.put(day, value == null ? mean : value);
        }
        return series;
    }

    private static String summary(Request request, Double changePct, List<Checkpoint> checkpoints, Integer first) {
        String metric = request.metric();
        Checkpoint last = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        if (last == null) {
            return "no checkpoint to review";
        }
        if (checkpoints.stream().allMatch(c -> c.mdePct() == null)) {
            return "the history of " + metric + " cannot tell yet: " + last.reason();
        }
        if (changePct == null) {
            return "no change is stated; the smallest change " + metric + " can show by day " + last.days() + " is "
                    + pct(last.mdePct());
        }
        String change = request.expectation().guardrail()
                ? "a degradation of " + pct(changePct) + " on " + metric
                : "your " + signed(request, changePct) + " on " + metric;
        if (first == null) {
            return change + " cannot be told from noise at any checkpoint up to day " + last.days()
                    + (last.mdePct() == null
                            ? ""
                            : " (the smallest detectable change then is " + pct(last.mdePct()) + ")");
        }
        if (first.equals(checkpoints.get(0).days())) {
            return change + " can be told from noise from day " + first;
        }
        return change + " cannot be told from noise before day " + first;
    }

    private static String signed(Request request, double changePct) {
        return (Direction.sign(request.expectation().direction()) < 0 ? "-" : "+") + number(changePct) + " %";
    }

    private static String pct(Double value) {
        return value == null ? "unknown" : number(value) + " %";
    }

    private static String number(double value) {
        String text = String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
