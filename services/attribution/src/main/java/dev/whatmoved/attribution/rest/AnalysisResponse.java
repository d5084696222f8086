package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.model.ImpactResult;
import java.util.List;

/**
 * What the post-period did against its counterfactual forecast.
 *
 * @param average means over the observed post-period points
 * @param cumulative sums over the observed post-period points
 * @param p one-sided tail probability of an effect at least this large, in its direction, if there were none
 * @param minimumDetectableEffect the average effect this analysis would detect with 80 % power at {@code alpha}
 * @param pointwise per point: one-step-ahead predictions in the pre-period, the forecast in the post-period
 * @param model the fitted model
 */
public record AnalysisResponse(
        double alpha,
        ImpactResult.Summary average,
        ImpactResult.Summary cumulative,
        double p,
        ImpactResult.MinimumDetectableEffect minimumDetectableEffect,
        List<ImpactResult.Point> pointwise,
        ImpactResult.ModelInfo model) {

    public static AnalysisResponse of(double alpha, ImpactResult result) {
        return new AnalysisResponse(
                alpha,
                result.average(),
                result.cumulative(),
                result.p(),
                result.minimumDetectableEffect(),
                result.pointwise(),
                result.model());
    }
}
