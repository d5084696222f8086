package dev.whatmoved.attribution.bench;

/**
 * One generated series of a simulation kind, with the effect it carries known exactly.
 *
 * <p>{@code response = counterfactual + effectPath}: the generator builds the series the metric would have had without
 * the release, then adds the release's effect point by point. The true average effect of a window is the mean of
 * {@code effectPath} over the window's observed response points (the same points the model averages over). For
 * multiplicative and count kinds the effect path is the realised difference (for example the extra conversions among
 * the same visitors), so it is random but known.
 *
 * @param kind the kind's name
 * @param seed the seed the series is a pure function of (together with {@code effect})
 * @param effect the effect size the kind was asked for (relative, see the kind)
 * @param response the metric, {@link Double#NaN} for a missing point
 * @param controls control series, each as long as {@code response}; empty for none
 * @param preStart first pre-period index
 * @param preEnd last pre-period index
 * @param postStart first post-period index
 * @param postEnd last post-period index (the longest look for kinds with several looks)
 * @param season the seasonal period the model is given (7 for daily data, 24 for hourly)
 * @param effectPath the effect added to each point of the response, in its units; 0 outside the post-period
 * @param controlEffectPath per control, what the release added to it (0 everywhere for an honest control)
 * @param firstHourOfWeek for hourly series, the hour of the week of point 0 (Monday 00:00 = 0): what a day-of-week
 *     factor on hourly data needs; -1 for daily series
 */
public record SimCase(
        String kind,
        long seed,
        double effect,
        double[] response,
        double[][] controls,
        int preStart,
        int preEnd,
        int postStart,
        int postEnd,
        int season,
        double[] effectPath,
        double[][] controlEffectPath,
        int firstHourOfWeek) {

    /** The true average effect over the post-period. */
    public double trueEffect() {
        return trueEffect(postEnd);
    }

    /** The true average effect over {@code postStart .. end}, observed points only. */
    public double trueEffect(int end) {
        double sum = 0;
        int m = 0;
        for (int t = postStart; t <= end; t++) {
            if (!Double.isNaN(response[t])) {
                sum += effectPath[t];
                m++;
            }
        }
        return m == 0 ? Double.NaN : sum / m;
    }

    /** The average the metric would have had over {@code postStart .. end} without the release (observed points). */
    public double counterfactualMean(int end) {
        double sum = 0;
        int m = 0;
        for (int t = postStart; t <= end; t++) {
            if (!Double.isNaN(response[t])) {
                sum += response[t] - effectPath[t];
                m++;
            }
        }
        return m == 0 ? Double.NaN : sum / m;
    }
}
