package dev.whatmoved.attribution.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The counterfactual analysis of the CausalImpact family: a structural time-series model (local level with a random
 * slope, fixed weekly or other seasonality, static regression on controls, AR(1) noise) is estimated on the
 * pre-period and forecast over the post-period; the difference to what happened is the effect.
 *
 * <p>In order:
 *
 * <ol>
 *   <li>each control is tested for a change at the intervention and left out if it moved ({@link ControlChecks});
 *   <li>the model is fitted on two scales, the metric as it is and, when it is positive, its logarithm (growth that
 *       compounds, a weekly cycle that scales with the level) ({@link ScaleFit});
 *   <li>spikes in the history are set aside as missing and the model refitted ({@link OutlierScreen});
 *   <li>on each scale, the variance parameters' uncertainty enters by importance sampling around the posterior mode,
 *       giving a mixture of normal (additive) or log-normal (multiplicative) distributions of the counterfactual sum;
 *   <li>each scale's interval is widened where placebo dates in the metric's own history show it too narrow ({@link
 *       PlaceboCalibration});
 *   <li>the two scales are averaged with their posterior probabilities (not picked by a pre-test), and the effect,
 *       its intervals at the reported and the decision levels, {@code p} and the minimum detectable effect are read off
 *       the mixture.
 * </ol>
 *
 * The draws are a fixed table: the same input always gives the same answer. See {@code docs/statistics.md}.
 *
 * <p>Thread-safe: every call allocates its own workspace.
 */
public final class ImpactAnalysis {

    /** Parameter draws behind each scale of an analysis. */
    public static final int DRAWS = DrawTable.DRAWS;

    public static final double POWER = 0.8;

    public ImpactResult analyse(ImpactInput input) {
        double alpha = input.alpha();
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new InvalidInputException("alpha", "must be between 0 and 0.5");
        }
        if (!(input.decisionAlpha() > 0 && input.decisionAlpha() <= alpha)) {
            throw new InvalidInputException("decisionAlpha", "must be positive and at most alpha");
        }
        // 1. controls that moved with the release are no controls
        List<ImpactResult.ControlCheck> checks = ControlChecks.check(input);
        ImpactInput used = input.with(input.response(), ControlChecks.used(input, checks));

        // 2. both scales at their mode; 3. spikes in the history set aside, then fitted again
        Scales scales = Scales.fit(used);
        List<Integer> outliers = OutlierScreen.find(scales.preferred());
        if (!outliers.isEmpty()) {
            double[] cleaned = used.response().clone();
            for (int t : outliers) {
                cleaned[t] = Double.NaN;
            }
            scales = Scales.fit(used.with(cleaned, used.controls()));
        }

        // 4. draws; 5. placebo calibration of each scale
        scales.draw();
        ImpactResult.Placebo additivePlacebo = PlaceboCalibration.calibrate(scales.additive);
        ImpactResult.Placebo logPlacebo = scales.log == null ? null : PlaceboCalibration.calibrate(scales.log);

        // 6. the scales averaged
        double logWeight = scales.logWeight();
        ScaleFit dominant = logWeight > 0.5 ? scales.log : scales.additive;
        ImpactResult.Placebo placebo = logWeight > 0.5 ? logPlacebo : additivePlacebo;
        PredictiveMixture mixture = mixture(scales, additivePlacebo, logPlacebo, logWeight);
        Design design = scales.additive.design;
        int m = design.postObserved;
        double actualSum = actualSum(input, design);
        double predicted = mixture.mean();
        double lower = mixture.quantile(alpha / 2);
        double upper = mixture.quantile(1 - alpha / 2);
        double decisionAlpha = input.decisionAlpha();
        double decisionLower = mixture.quantile(decisionAlpha / 2);
        double decisionUpper = mixture.quantile(1 - decisionAlpha / 2);
        double below = mixture.cdf(actualSum);
        double p = Math.min(below, 1 - below);
        double power20 = mixture.quantile(1 - POWER);
        double power80 = mixture.quantile(POWER);
        double mdeSum = ((decisionUpper - decisionLower) + (power80 - power20)) / 2;
        ImpactResult.Summary cumulative = summary(actualSum, predicted, lower, upper, 1);
        ImpactResult.Summary average = summary(actualSum, predicted, lower, upper, m);
        double mdeAverage = mdeSum / m;
        ImpactResult.MinimumDetectableEffect mde = new ImpactResult.MinimumDetectableEffect(
                decisionAlpha,
                POWER,
                mdeAverage,
                average.predicted() == 0 ? null : mdeAverage / Math.abs(average.predicted()));
        ImpactResult.Decision decision = new ImpactResult.Decision(
                decisionAlpha, (actualSum - decisionUpper) / m, (actualSum - decisionLower) / m);

        List<ImpactResult.Point> pointwise = pointwise(input, scales, dominant, logWeight, additivePlacebo, logPlacebo);
        List<ImpactResult.InterventionEstimate> estimates = scales.additive.estimates;
        int modelled = 0;
        for (ImpactResult.InterventionEstimate e : estimates) {
            modelled += e == null ? 0 : 1;
        }
        Map<String, Double> scaleWeights = new LinkedHashMap<>();
        scaleWeights.put("additive", 1 - logWeight);
        scaleWeights.put("multiplicative", logWeight);
        ImpactResult.ModelInfo info =
                dominant.info(modelled, dominant.log ? "multiplicative" : "additive", scaleWeights);
        return new ImpactResult(
                average, cumulative, p, mde, pointwise, info, estimates, decision, placebo, outliers, checks);
    }

    /** The additive scale, and the multiplicative one where the metric is positive and the model can be fitted. */
    private static final class Scales {

        final ScaleFit additive;
        ScaleFit log;

        private Scales(ScaleFit additive, ScaleFit log) {
            this.additive = additive;
            this.log = log;
        }

        static Scales fit(ImpactInput input) {
            ScaleFit additive = ScaleFit.mode(input, false, 1e-3, 600);
            ScaleFit log = null;
            if (ScaleFit.positive(input)) {
                try {
                    log = ScaleFit.mode(input, true, 1e-3, 600, additive.mode);
                } catch (InvalidInputException e) {
                    log = null; // e.g. a logarithm that is constant: the additive scale alone
                }
            }
            return new Scales(additive, log);
        }

        ScaleFit preferred() {
            return logWeight() > 0.5 ? log : additive;
        }

        void draw() {
            additive.draw();
            if (log != null) {
                try {
                    log.draw();
                } catch (InvalidInputException e) {
                    log = null;
                }
            }
        }

        /** The posterior probability of the multiplicative scale (equal prior odds; 0 without it). */
        double logWeight() {
            if (log == null) {
                return 0;
            }
            double difference = log.evidence - additive.evidence;
            if (!Double.isFinite(difference)) {
                return difference > 0 ? 1 : 0;
            }
            return 1 / (1 + Math.exp(-difference));
        }
    }

    private static PredictiveMixture mixture(
            Scales scales, ImpactResult.Placebo additivePlacebo, ImpactResult.Placebo logPlacebo, double logWeight) {
        int draws = DRAWS * (scales.log == null ? 1 : 2);
        double[] location = new double[draws];
        double[] scale = new double[draws];
        boolean[] logNormal = new boolean[draws];
        double[] weight = new double[draws];
        for (int s = 0; s < draws / DRAWS; s++) {
            ScaleFit fit = s == 0 ? scales.additive : scales.log;
            double widen = s == 0 ? additivePlacebo.factor() : logPlacebo.factor();
            double scaleWeight = s == 0 ? 1 - logWeight : logWeight;
            for (int j = 0; j < DRAWS; j++) {
                int i = s * DRAWS + j;
                location[i] = fit.location[j];
                scale[i] = fit.scale[j] * widen;
                logNormal[i] = fit.log;
                weight[i] = scaleWeight * fit.weight[j];
            }
        }
        return new PredictiveMixture(location, scale, logNormal, weight);
    }

    /**
     * Pre-period: one-step-ahead predictions of the dominant scale at its mode; post-period: the counterfactual's mean
     * and standard deviation per point, over both scales and their draws (a moment approximation; the summaries use
     * the mixture's exact quantiles).
     */
    private static List<ImpactResult.Point> pointwise(
            ImpactInput input,
            Scales scales,
            ScaleFit dominant,
            double logWeight,
            ImpactResult.Placebo additivePlacebo,
            ImpactResult.Placebo logPlacebo) {
        Design d = dominant.design;
        double z = new NormalDistribution().inverseCumulativeProbability(1 - input.alpha() / 2);
        int points = d.postEnd - d.postStart + 1;
        List<ImpactResult.Point> pointwise = new ArrayList<>(d.preLast() + 1 + points);
        double sigma2 = dominant.fit.sigma2();
        for (int t = 0; t <= d.preLast(); t++) {
            int index = d.preStart + t;
            double mean = d.yMean + d.ySd * dominant.onePred[t];
            double variance = d.ySd * d.ySd * sigma2 * dominant.oneVar[t];
            if (dominant.log) {
                double m = Math.exp(mean + variance / 2);
                variance = Math.expm1(variance) * Math.exp(2 * mean + variance);
                mean = m;
            }
            double sd = Math.sqrt(variance);
            pointwise.add(new ImpactResult.Point(
                    index, "pre", actual(input.response()[index]), mean, mean - z * sd, mean + z * sd));
        }
        double[] first = new double[points];
        double[] second = new double[points];
        for (int s = 0; s < (scales.log == null ? 1 : 2); s++) {
            ScaleFit fit = s == 0 ? scales.additive : scales.log;
            double w = s == 0 ? 1 - logWeight : logWeight;
            double widen = s == 0 ? additivePlacebo.factor() : logPlacebo.factor();
            for (int h = 0; h < points; h++) {
                if (fit.pointMean != null) {
                    for (int j = 0; j < DRAWS; j++) {
                        if (fit.weight[j] > 0 && fit.pointMean[j] != null) {
                            double mj = fit.pointMean[j][h];
                            first[h] += w * fit.weight[j] * mj;
                            second[h] += w * fit.weight[j] * (widen * widen * fit.pointVar[j][h] + mj * mj);
                        }
                    }
                } else {
                    double mj = fit.modePointMean[h];
                    first[h] += w * mj;
                    second[h] += w * (widen * widen * fit.modePointVar[h] + mj * mj);
                }
            }
        }
        for (int h = 0; h < points; h++) {
            double sd = Math.sqrt(Math.max(second[h] - first[h] * first[h], 0));
            int index = d.postStart + h;
            pointwise.add(new ImpactResult.Point(
                    index, "post", actual(input.response()[index]), first[h], first[h] - z * sd, first[h] + z * sd));
        }
        return pointwise;
    }

    private static double actualSum(ImpactInput input, Design design) {
        double sum = 0;
        for (int t = design.postStart; t <= design.postEnd; t++) {
            double v = input.response()[t];
            if (!Double.isNaN(v)) {
                sum += v;
            }
        }
        return sum;
    }

    private static Double actual(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Summary of a sum over {@code count} points, divided by {@code count} (1 for the cumulative figures). */
    private static ImpactResult.Summary summary(
            double actualSum, double predictedSum, double lowerSum, double upperSum, int count) {
        double actual = actualSum / count;
        double predicted = predictedSum / count;
        double lower = lowerSum / count;
        double upper = upperSum / count;
        Double rel = null;
        Double relLower = null;
        Double relUpper = null;
        if (predicted != 0) {
            rel = (actual - predicted) / Math.abs(predicted);
        }
        if (lower > 0 || upper < 0) {
            double a = (actual - upper) / Math.abs(upper);
            double b = (actual - lower) / Math.abs(lower);
            relLower = Math.min(a, b);
            relUpper = Math.max(a, b);
        }
        return new ImpactResult.Summary(
                actual,
                predicted,
                lower,
                upper,
                actual - predicted,
                actual - upper,
                actual - lower,
                rel,
                relLower,
                relUpper);
    }
}
