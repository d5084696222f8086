package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.domain.OutcomeDetail;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.ImpactResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
        String reason,
        Integer version,
        boolean stale,
        Instant measuredAt,
        String method,
        Double relEffect,
        Double relEffectLower,
        Double relEffectUpper,
        Double p,
        Boolean guardrailBreached,
        OutcomeDetail.PredictionSnapshot prediction,
        String value,
        OutcomeDetail.Window window,
        ImpactResult.Summary average,
        ImpactResult.Summary cumulative,
        ImpactResult.MinimumDetectableEffect minimumDetectableEffect,
        List<OutcomeDetail.Confounder> confounders,
        CheckpointAnalysis.DataQuality data,
        ImpactResult.ModelInfo model,
        CheckpointAnalysis.Sequential sequential,
        ImpactResult.Placebo placebo,
        List<java.time.LocalDate> outliers) {}
