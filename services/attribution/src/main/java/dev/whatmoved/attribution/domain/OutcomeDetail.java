package dev.whatmoved.attribution.domain;

import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.ImpactResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What an outcome version found beyond its columns, stored as JSON ({@link Outcome#detail}) and shown by the API.
 *
 * @param prediction the prediction as it was when measured
 * @param value what one day's value is
 * @param average the average effect over the observed post-period days (null when no analysis could be made)
 * @param cumulative the same summed over them
 * @param confounders other releases of the same metric inside the window
 * @param model what the model fitted
 * @param sequential this checkpoint's look among the prediction's checkpoints: its decision level and whether it is an
 *     early read (null in versions measured before the sequential design)
 * @param placebo the placebo calibration of the interval on the metric's history (null before it existed)
 * @param outliers days of the history set aside as spikes (null before the screen existed)
 */
public record OutcomeDetail(
        PredictionSnapshot prediction,
        String value,
        Window window,
        ImpactResult.Summary average,
        ImpactResult.Summary cumulative,
        ImpactResult.MinimumDetectableEffect minimumDetectableEffect,
        List<Confounder> confounders,
        CheckpointAnalysis.DataQuality data,
        ImpactResult.ModelInfo model,
        CheckpointAnalysis.Sequential sequential,
        ImpactResult.Placebo placebo,
        List<LocalDate> outliers) {

    public record PredictionSnapshot(
            int version,
            String direction,
            Double expectedChangePct,
            Double lowPct,
            Double highPct,
            Double confidence,
            int horizonDays,
            boolean guardrail,
            Double tolerancePct,
            boolean amendedAfterShip) {

        public static PredictionSnapshot of(Prediction p) {
            return new PredictionSnapshot(
                    p.version,
                    p.direction,
                    p.expectedChangePct,
                    p.lowPct,
                    p.highPct,
                    p.confidence,
                    p.horizonDays,
                    p.guardrail,
                    p.tolerancePct,
                    p.amendedAfterShip);
        }
    }

    /**
     * @param postDays days in the post-period
     * @param truncatedByRollback the release was rolled back before the checkpoint: the post-period ends the day before
     */
    public record Window(
            LocalDate preFrom,
            LocalDate preTo,
            LocalDate postFrom,
            LocalDate postTo,
            int postDays,
            boolean truncatedByRollback) {

        public static Window of(CheckpointAnalysis.Window w) {
            return new Window(w.preFrom(), w.preTo(), w.postFrom(), w.postTo(), w.postDays(), w.truncated());
        }
    }

    /**
     * Another release of the same metric inside the window.
     *
     * @param period when it was deployed relative to this release: {@code pre}, {@code post}, {@code same-day}
     * @param separated whether its step was estimated apart from this release's
     * @param effect its estimated step per day (metric units), or null
     * @param effectSd the step's standard error, or null
     */
    public record Confounder(
            UUID releaseId,
            String service,
            String version,
            Instant deployedAt,
            Instant rolledBackAt,
            List<String> features,
            String period,
            boolean separated,
            Double effect,
            Double effectSd) {}
}
