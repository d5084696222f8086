package dev.whatmoved.attribution.model;

import java.util.List;
import java.util.Map;

/**
 * What an analysis found: the post-period's actual values against the counterfactual forecast.
 *
 * @param average the mean over the observed post-period points
 * @param cumulative the sum over the observed post-period points
 * @param p one-sided tail probability: under no effect, the probability of an effect at least as large as the observed
 *     one in the observed direction
 * @param minimumDetectableEffect the smallest average effect the interval would exclude zero for with 80 % power
 * @param pointwise pre-period points (one-step-ahead predictions) and post-period points (the counterfactual forecast)
 * @param model what was fitted
 * @param interventions per other intervention of the input, in its order: its estimated step, or null when it does
 *     not change inside the points the model fitted (it is then part of the level)
 */
public record ImpactResult(
        Summary average,
        Summary cumulative,
        double p,
        MinimumDetectableEffect minimumDetectableEffect,
        List<Point> pointwise,
        ModelInfo model,
        List<InterventionEstimate> interventions) {

    public ImpactResult(
            Summary average,
            Summary cumulative,
            double p,
            MinimumDetectableEffect minimumDetectableEffect,
            List<Point> pointwise,
            ModelInfo model) {
        this(average, cumulative, p, minimumDetectableEffect, pointwise, model, List.of());
    }

    /**
     * Another intervention's step, at the posterior mode of the variance parameters.
     *
     * @param effect the step, in the response's units
     * @param sd its standard error given those parameters
     */
    public record InterventionEstimate(double effect, double sd) {}

    /**
     * Actual against predicted, with {@code 1 - alpha} intervals. Relative figures are relative to the prediction; they
     * are {@code null} when the prediction, or its interval, reaches zero.
     */
    public record Summary(
            double actual,
            double predicted,
            double predictedLower,
            double predictedUpper,
            double absEffect,
            double absEffectLower,
            double absEffectUpper,
            Double relEffect,
            Double relEffectLower,
            Double relEffectUpper) {}

    /**
     * @param absolute the average effect, in the response's units
     * @param relative {@code absolute} relative to the predicted average ({@code null} when that is zero)
     */
    public record MinimumDetectableEffect(double alpha, double power, double absolute, Double relative) {}

    /**
     * @param index position in the request's series
     * @param period {@code pre} or {@code post}
     * @param actual {@code null} when missing
     */
    public record Point(int index, String period, Double actual, double predicted, double lower, double upper) {}

    /**
     * @param components the model's components, e.g. {@code level}, {@code trend}, {@code seasonal(7)}, {@code ar1},
     *     {@code regression(2)}
     * @param parameters the estimated (posterior mode) parameters, in the response's units
     * @param coefficients one regression coefficient per control, in the response's units per control unit
     * @param logLikelihood the restricted (diffuse) log-likelihood at the mode, of the standardised pre-period
     * @param prePoints observed pre-period points the model learned from
     * @param missing missing values in the pre-period and the post-period
     * @param draws parameter draws behind the intervals, and their effective number after weighting
     */
    public record ModelInfo(
            List<String> components,
            Map<String, Double> parameters,
            List<Double> coefficients,
            double logLikelihood,
            int prePoints,
            Map<String, Integer> missing,
            Map<String, Double> draws) {}
}
