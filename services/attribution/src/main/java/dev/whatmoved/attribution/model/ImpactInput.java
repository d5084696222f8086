package dev.whatmoved.attribution.model;

import java.util.List;

/**
 * One analysis: a response series, optional control series, a pre-period to learn from and a post-period to forecast.
 * Points before {@code preStart} are the metric's older history: the model does not learn from them, but the placebo
 * calibration runs the model at earlier dates inside them (see {@link PlaceboCalibration}).
 *
 * @param response equally spaced observations; {@link Double#NaN} marks a missing value
 * @param controls series the intervention could not affect, each as long as {@code response}, without missing values;
 *     an empty array for none
 * @param preStart first index of the pre-period (inclusive)
 * @param preEnd last index of the pre-period (inclusive)
 * @param postStart first index of the post-period (inclusive), after {@code preEnd}
 * @param postEnd last index of the post-period (inclusive)
 * @param alpha the reported intervals are {@code 1 - alpha} intervals
 * @param season the period of the seasonal component (7 for weekly seasonality in daily data); 0 for none
 * @param interventions other interventions in the window (overlapping releases), each estimated as a step of its own;
 *     empty for none
 * @param decisionAlpha the two-sided level at which "moved" is decided and the minimum detectable effect computed
 *     (smaller than {@code alpha} at an interim look of a sequential design); {@code alpha} when not positive
 * @param blocks a second, coarser seasonal factor (the day of the week on hourly data), or null
 */
public record ImpactInput(
        double[] response,
        double[][] controls,
        int preStart,
        int preEnd,
        int postStart,
        int postEnd,
        double alpha,
        int season,
        List<Intervention> interventions,
        double decisionAlpha,
        Blocks blocks) {

    /**
     * Blocks of {@code length} points cycling through {@code count} levels, each with its own fixed effect: point
     * {@code t} is in level {@code floorMod(floorDiv(t + offset, length), count)}. Days of the week on hourly data are
     * {@code (24, 7, hour of the day of point 0 + 24 * its weekday)}.
     */
    public record Blocks(int length, int count, int offset) {

        int level(int t) {
            return Math.floorMod(Math.floorDiv(t + offset, length), count);
        }
    }

    public ImpactInput {
        if (controls == null) {
            controls = new double[0][];
        }
        interventions = interventions == null ? List.of() : List.copyOf(interventions);
        if (!(decisionAlpha > 0)) {
            decisionAlpha = alpha;
        }
    }

    /** An analysis with other interventions, deciding at {@code alpha}. */
    public ImpactInput(
            double[] response,
            double[][] controls,
            int preStart,
            int preEnd,
            int postStart,
            int postEnd,
            double alpha,
            int season,
            List<Intervention> interventions) {
        this(response, controls, preStart, preEnd, postStart, postEnd, alpha, season, interventions, alpha, null);
    }

    /** An analysis without other interventions. */
    public ImpactInput(
            double[] response,
            double[][] controls,
            int preStart,
            int preEnd,
            int postStart,
            int postEnd,
            double alpha,
            int season) {
        this(response, controls, preStart, preEnd, postStart, postEnd, alpha, season, List.of());
    }

    public int controlCount() {
        return controls.length;
    }

    /** The same analysis on other data (a transformed response, fewer controls, points left out). */
    ImpactInput with(double[] newResponse, double[][] newControls) {
        return new ImpactInput(
                newResponse,
                newControls,
                preStart,
                preEnd,
                postStart,
                postEnd,
                alpha,
                season,
                interventions,
                decisionAlpha,
                blocks);
    }

    /** The same data and model over other periods (a placebo). */
    ImpactInput over(int newPreStart, int newPreEnd, int newPostStart, int newPostEnd) {
        return new ImpactInput(
                response,
                controls,
                newPreStart,
                newPreEnd,
                newPostStart,
                newPostEnd,
                alpha,
                season,
                interventions,
                decisionAlpha,
                blocks);
    }
}
