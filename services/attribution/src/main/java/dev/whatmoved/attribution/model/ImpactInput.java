package dev.whatmoved.attribution.model;

/**
 * One analysis: a response series, optional control series, a pre-period to learn from and a post-period to forecast.
 *
 * @param response equally spaced observations; {@link Double#NaN} marks a missing value
 * @param controls series the intervention could not affect, each as long as {@code response}, without missing values;
 *     an empty array for none
 * @param preStart first index of the pre-period (inclusive)
 * @param preEnd last index of the pre-period (inclusive)
 * @param postStart first index of the post-period (inclusive), after {@code preEnd}
 * @param postEnd last index of the post-period (inclusive)
 * @param alpha the intervals are {@code 1 - alpha} intervals; the minimum detectable effect is for a two-sided test at
 *     {@code alpha}
 * @param season the period of the seasonal component (7 for weekly seasonality in daily data); 0 for none
 * @param interventions other interventions in the window (overlapping releases), each estimated as a step of its own;
 *     empty for none
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
        java.util.List<Intervention> interventions) {

    public ImpactInput {
        if (controls == null) {
            controls = new double[0][];
        }
        interventions = interventions == null ? java.util.List.of() : java.util.List.copyOf(interventions);
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
        this(response, controls, preStart, preEnd, postStart, postEnd, alpha, season, java.util.List.of());
    }

    public int controlCount() {
        return controls.length;
    }
}
