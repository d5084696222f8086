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
 * @param placebo the interval's calibration at placebo dates of the series' own history (points before the
 *     pre-period, or a shortened pre-period), or why there was none
 * @param outliers indices of points before the post-period set aside as spikes
 * @param controlChecks per control: whether it changed at the intervention itself (then it was left out)
 */
public record AnalysisResponse(
        double alpha,
        ImpactResult.Summary average,
        ImpactResult.Summary cumulative,
        double p,
        ImpactResult.MinimumDetectableEffect minimumDetectableEffect,
        List<ImpactResult.Point> pointwise,
        ImpactResult.ModelInfo model,
        ImpactResult.Placebo placebo,
        List<Integer> outliers,
        List<ImpactResult.ControlCheck> controlChecks) {

    public static AnalysisResponse of(double alpha, ImpactResult result) {
        return new AnalysisResponse(
                alpha,
                result.average(),
                result.cumulative(),
                result.p(),
                result.minimumDetectableEffect(),
                result.pointwise(),
                result.model(),
                result.placebo(),
                result.outliers(),
                result.controlChecks());
    }
}
