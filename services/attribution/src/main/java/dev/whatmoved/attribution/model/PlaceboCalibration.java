package dev.whatmoved.attribution.model;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Calibrates a model's interval on the metric's own history: the model (at its fitted parameters) is run at earlier
 * "placebo" release dates, where nothing was released, with the same pre- and post-period lengths as the analysis
 * (shorter pre-periods where the history is short), and each placebo's forecast error of the post-period sum is
 * standardised by the forecast's own standard deviation: {@code z_i}. A model that is right about its uncertainty has
 * {@code E[z^2]} equal to the ratio {@code r^2} of its full interval (which also carries parameter uncertainty) to the
 * interval at the fitted parameters alone; drift, growth, a yearly cycle or anything else the model misses makes the
 * placebo errors larger. The interval is widened by {@code max(1, f / r)}, {@code f^2} being the mean of {@code z^2}
 * shrunk towards {@code r^2} in proportion to how many independent placebo windows there were (overlapping windows
 * count as one per post-period length). It is never narrowed.
 */
final class PlaceboCalibration {

    /** Placebo dates at most (spread evenly over the history). */
    static final int MAX_DATES = 24;
    /** Fewer placebo dates than this: no calibration. */
    static final int MIN_DATES = 3;
    /** Fewer independent placebo windows than this: no calibration. */
    static final double MIN_INDEPENDENT = 1.5;
    /** Weight of the model's own width, in independent placebo windows, when the two are combined. */
    static final double PRIOR_WINDOWS = 0.5;
    /** Placebo windows wanted side by side: the pre-period is shortened (not below the minimum) to make room. */
    private static final int WANTED_WINDOWS = 3;

    private PlaceboCalibration() {}

    /** The calibration of a fitted scale with draws (forecast path; the mode's forecast must have been made). */
    static ImpactResult.Placebo calibrate(ScaleFit fit) {
        return calibrate(fit, true);
    }

    /**
     * @param drawn whether the fit's interval comes from its draws (else it is the interval at the mode alone, {@code r
     *     = 1})
     */
    static ImpactResult.Placebo calibrate(ScaleFit fit, boolean drawn) {
        ImpactInput in = fit.input;
        Design design = fit.design;
        if (design.needsJoint) {
            return none("another release changes inside the post-period (joint estimate): not calibrated");
        }
        int preLength = in.preEnd() - in.preStart() + 1;
        int gap = in.postStart() - in.preEnd() - 1;
        int post = in.postEnd() - in.postStart() + 1;
        // the history starts at the first point with data (the series may be padded with missing days before it)
        double[] values = in.response();
        int firstObserved = 0;
        while (firstObserved < in.preStart() && Double.isNaN(values[firstObserved])) {
            firstObserved++;
        }
        int history = in.preEnd() + 1 - firstObserved;
        int minPre = minimumPre(design, preLength);
        // not below half the analysis' own pre-period: a placebo must resemble the analysis it calibrates
        int shortest = Math.max(minPre, preLength / 2);
        int placeboPre = Math.max(shortest, Math.min(preLength, history - gap - post + 1 - WANTED_WINDOWS * post));
        int available = history - placeboPre - gap - post + 1;
        double independent = available <= 0 ? 0 : 1 + (available - 1) / (double) post;
        if (available < MIN_DATES || independent < MIN_INDEPENDENT) {
            return none("history too short for placebo dates (" + history + " points before the release, "
                    + (placeboPre + gap + post + Math.max(MIN_DATES - 1, (int) Math.ceil((MIN_INDEPENDENT - 1) * post)))
                    + " needed): the interval is the model's own");
        }
        int dates = Math.min(MAX_DATES, available);
        double z = new NormalDistribution().inverseCumulativeProbability(1 - in.alpha() / 2);
        double ratio = 1;
        if (drawn) {
            PredictiveMixture own = fit.ownSpace(1);
            double halfWidth = (own.quantile(1 - in.alpha() / 2) - own.quantile(in.alpha() / 2)) / 2;
            ratio = Math.max(1e-9, halfWidth / (z * fit.modeScale));
        }

        double sumSquares = 0;
        int run = 0;
        int excluded = 0;
        for (int i = 0; i < dates; i++) {
            // placebo post-periods end at the latest where the real pre-period ends, the earliest as far back as fits
            int offset = dates == 1 ? 0 : (int) Math.round((double) i * (available - 1) / (dates - 1));
            int postEnd = in.preEnd() - offset; // the latest placebo ends where the real pre-period ends
            int postStart = postEnd - post + 1;
            int preEnd = postStart - gap - 1;
            int preStart = preEnd - placeboPre + 1;
            Double zi = standardisedError(fit, in.over(preStart, preEnd, postStart, postEnd));
            if (zi == null) {
                continue;
            }
            run++;
            sumSquares += zi * zi;
            excluded += Math.abs(zi) > z * ratio ? 1 : 0;
        }
        if (run < MIN_DATES) {
            return none("too few placebo dates with enough data (" + run + "): the interval is the model's own");
        }
        double usedIndependent = Math.min(run, independent);
        double f2 = (PRIOR_WINDOWS * ratio * ratio + usedIndependent * sumSquares / run)
                / (PRIOR_WINDOWS + usedIndependent);
        // the excess variance the placebos show is estimated from about usedIndependent + PRIOR_WINDOWS windows: it is
        // scaled by (t / z)^2, as a t quantile would widen an interval whose variance was estimated from as many
        double df = usedIndependent + PRIOR_WINDOWS;
        double t = new TDistribution(df).inverseCumulativeProbability(1 - in.alpha() / 2);
        double excess = Math.max(0, f2 / (ratio * ratio) - 1);
        double factor = Math.sqrt(1 + excess * (t * t) / (z * z));
        return new ImpactResult.Placebo(run, excluded, in.alpha() * run, factor, null);
    }

    /** The shortest placebo pre-period: enough for every fixed effect, a full cycle of each season, four weeks. */
    static int minimumPre(Design design, int preLength) {
        int blocks = design.blockColumns > 0 ? 7 * 24 : 0;
        return Math.min(preLength, Math.max(Math.max(design.k + 12, 2 * design.season), Math.max(blocks, 28)));
    }

    /** The placebo's forecast error of its post-period sum, in its own standard deviations; null when it cannot run. */
    private static Double standardisedError(ScaleFit fit, ImpactInput placebo) {
        Design design;
        try {
            design = new Design(placebo);
        } catch (InvalidInputException e) {
            return null;
        }
        if (design.needsJoint || design.preObserved < design.k + 4 || design.postObserved < 1) {
            return null;
        }
        AugmentedKalmanFilter filter = new AugmentedKalmanFilter(design);
        filter.run(fit.mode);
        if (!filter.fullRank()) {
            return null;
        }
        CounterfactualForecast forecast = new CounterfactualForecast(design, fit.log);
        forecast.forecast(filter);
        double[] component = ScaleFit.component(design, fit.log, forecast, ScaleFit.modeSigma2(filter));
        double actual = 0;
        double[] y = placebo.response();
        for (int t = placebo.postStart(); t <= placebo.postEnd(); t++) {
            if (!Double.isNaN(y[t])) {
                actual += fit.log ? Math.exp(y[t]) : y[t];
            }
        }
        double own = fit.log ? Math.log(actual) : actual;
        double zi = (own - component[0]) / component[1];
        return Double.isFinite(zi) ? zi : null;
    }

    private static ImpactResult.Placebo none(String note) {
        return new ImpactResult.Placebo(0, 0, 0, 1, note);
    }
}
