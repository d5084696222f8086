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
 * @param decision the interval at the decision level and whether it excludes zero
 * @param placebo the placebo calibration of the interval
 * @param outliers pre-period points treated as missing because they stood far outside the model's one-step-ahead
 *     forecast (spikes such as promotions)
 * @param controlChecks per control of the input: whether it changed at the intervention itself
 */
public record ImpactResult(
        Summary average,
        Summary cumulative,
        double p,
        MinimumDetectableEffect minimumDetectableEffect,
        List<Point> pointwise,
        ModelInfo model,
        List<InterventionEstimate> interventions,
        Decision decision,
        Placebo placebo,
        List<Integer> outliers,
        List<ControlCheck> controlChecks) {

    /**
     * Whether the analysis calls the metric moved: the {@code 1 - alpha} interval of the average effect at the decision
     * level (a sequential design's boundary at an interim look; the reported {@code alpha} otherwise) excludes zero.
     *
     * @param alpha the two-sided decision level
     * @param absEffectLower the lower end of the average effect's interval at that level
     * @param absEffectUpper its upper end
     */
    public record Decision(double alpha, double absEffectLower, double absEffectUpper) {

        public boolean moved() {
            return absEffectLower > 0 || absEffectUpper < 0;
        }
    }

    /**
     * The placebo calibration: the model run at earlier dates of the metric's own history, where nothing was released,
     * with the same pre- and post-period lengths (shorter pre-periods where history is short).
     *
     * @param dates placebo dates run (0 when the history is too short: then the interval is the model's own)
     * @param excludedZero how many of them the model's interval of a zero effect excluded zero at (before widening)
     * @param expected how many that would be at the nominal rate ({@code alpha} times {@code dates})
     * @param factor how much the intervals were widened (1: not at all; never narrowed)
     * @param note why there was no calibration, or null
     */
    public record Placebo(int dates, int excludedZero, double expected, double factor, String note) {}

    /**
     * A control series tested for a change at the intervention (the release may have moved it too).
     *
     * @param index the control's position in the request
     * @param relEffect its own relative change against its own counterfactual, or null
     * @param p the one-sided tail probability of that change
     * @param moved whether it changed at the intervention (then it is not used)
     * @param used whether the analysis used it
     */
    public record ControlCheck(int index, Double relEffect, double p, boolean moved, boolean used) {}

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
     * @param scale the scale the parameters are reported on: {@code additive} (the metric as it is) or {@code
     *     multiplicative} (its logarithm), whichever the data favour
     * @param scaleWeights the weight of each scale in the intervals (posterior model probabilities)
     */
    public record ModelInfo(
            List<String> components,
            Map<String, Double> parameters,
            List<Double> coefficients,
            double logLikelihood,
            int prePoints,
            Map<String, Integer> missing,
            Map<String, Double> draws,
            String scale,
            Map<String, Double> scaleWeights) {}
}
