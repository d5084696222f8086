package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Outcome;
import dev.whatmoved.attribution.domain.OutcomeDetail;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.ImpactResult;
import dev.whatmoved.attribution.model.Verdict;
import dev.whatmoved.attribution.service.CheckpointOutcome;
import dev.whatmoved.attribution.service.OutcomeEngine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The latest version of one outcome (release x prediction x checkpoint), or the checkpoint still pending.
 *
 * @param verdict {@code pending} until computed; then {@code moved-as-predicted}, {@code moved-opposite}, {@code
 *     no-detectable-change} or {@code inconclusive} (see docs/statistics.md)
 * @param reason why the verdict is inconclusive
 * @param version the outcome version (null while pending); a late rollup inside the window makes a new one
 * @param stale an event changed something inside the window since this version; the outcome job recomputes it
 * @param dueAt when the checkpoint's data is taken as complete
 * @param relEffect the relative effect of the average (a fraction) and its interval
 * @param guardrailBreached for a guardrail: degraded beyond its tolerance with the interval excluding zero
 * @param sequential the look's place in the release's sequence of checkpoints: {@code earlyRead} when a later one is
 *     planned, and {@code decisionAlpha}, the level its verdict was decided at (alpha spent across the checkpoints)
 * @param placebo how the interval was calibrated at placebo dates of the metric's own history
 * @param outliers days set aside as spikes before the model learned from the history
 */
public record OutcomeView(
        UUID outcomeId,
        UUID releaseId,
        String featureKey,
        int predictionNumber,
        int predictionVersion,
        String metric,
        int checkpointDays,
        Instant dueAt,
        String verdict,
        @Schema(nullable = true) String reason,
        @Schema(nullable = true) Integer version,
        boolean stale,
        @Schema(nullable = true) Instant measuredAt,
        @Schema(nullable = true) String method,
        @Schema(nullable = true) Double relEffect,
        @Schema(nullable = true) Double relEffectLower,
        @Schema(nullable = true) Double relEffectUpper,
        @Schema(nullable = true) Double p,
        @Schema(nullable = true) Boolean guardrailBreached,
        @Schema(nullable = true) OutcomeDetail.PredictionSnapshot prediction,
        @Schema(nullable = true) String value,
        @Schema(nullable = true) OutcomeDetail.Window window,
        @Schema(nullable = true) ImpactResult.Summary average,
        @Schema(nullable = true) ImpactResult.Summary cumulative,
        @Schema(nullable = true) ImpactResult.MinimumDetectableEffect minimumDetectableEffect,
        List<OutcomeDetail.Confounder> confounders,
        @Schema(nullable = true) CheckpointAnalysis.DataQuality data,
        @Schema(nullable = true) ImpactResult.ModelInfo model,
        @Schema(nullable = true) CheckpointAnalysis.Sequential sequential,
        @Schema(nullable = true) ImpactResult.Placebo placebo,
        List<java.time.LocalDate> outliers) {

    /** The outcome's view, or the checkpoint's while it is pending. */
    static OutcomeView of(CheckpointOutcome checkpointOutcome) {
        Checkpoint row = checkpointOutcome.checkpoint();
        Outcome outcome = checkpointOutcome.outcome();
        if (outcome == null) {
            return new OutcomeView(
                    row.id,
                    row.releaseId,
                    row.featureKey,
                    row.predictionNumber,
                    row.predictionVersion,
                    row.metric,
                    row.checkpointDays,
                    row.dueAt,
                    Verdict.PENDING.label(),
                    row.failures == 0
                            ? null
                            : "the computation failed " + row.failures + " time(s)"
                                    + (row.stale
                                            ? ", retried from " + row.retryAt
                                            : ", given up until new data arrives")
                                    + ": " + row.lastError,
                    null,
                    row.stale,
                    null,
                    OutcomeEngine.METHOD,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    OutcomeEngine.VALUE,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        OutcomeDetail detail = checkpointOutcome.detail();
        return new OutcomeView(
                row.id,
                row.releaseId,
                row.featureKey,
                row.predictionNumber,
                outcome.predictionVersion,
                outcome.metric,
                row.checkpointDays,
                row.dueAt,
                outcome.verdict,
                outcome.reason,
                outcome.version,
                row.stale,
                outcome.measuredAt,
                outcome.method,
                outcome.relEffect,
                outcome.relEffectLower,
                outcome.relEffectUpper,
                outcome.p,
                detail.prediction().guardrail() ? outcome.guardrailBreached : null,
                detail.prediction(),
                detail.value(),
                detail.window(),
                detail.average(),
                detail.cumulative(),
                detail.minimumDetectableEffect(),
                detail.confounders(),
                detail.data(),
                detail.model(),
                detail.sequential(),
                detail.placebo(),
                detail.outliers());
    }
}
