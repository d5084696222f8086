package dev.whatmoved.attribution.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * The model fitted on one scale: the metric as it is ({@code additive}: level, trend, season and effects add up) or its
 * logarithm ({@code multiplicative}: they multiply, so growth compounds and the weekly cycle scales with the level).
 * Holds the posterior mode of the variance parameters, the evidence for the scale, and the importance-weighted draws
 * of the counterfactual sum: per draw a normal (additive) or log-normal (multiplicative) distribution of the sum over
 * the observed post-period points, in the metric's units.
 *
 * <p>Numerical code, longer than the 400 lines the project keeps other classes under: every step (mode, forecast at
 * the mode, the two kinds of draws, the summary) reads and writes one fit's state (the filter, the mode, the draws and
 * their weights); split into classes, that state would be passed around as a dozen arrays.
 */
final class ScaleFit {

    static final int DRAWS = DrawTable.DRAWS;

    final boolean log;
    /** The input on this scale (the logarithm of the response and of positive controls when {@code log}). */
    final ImpactInput input;

    final Design design;
    final AugmentedKalmanFilter filter;
    final double[] mode;
    final double modeLogPost;
    final double modeLogLik;
    /** Log posterior density at the mode on the metric's own scale (the log's Jacobian included): compares scales. */
    final double evidence;

    final Fit fit;
    /** Standardised one-step-ahead predictions of the pre-period at the mode, and their variances in sigma^2 units. */
    final double[] onePred;

    final double[] oneVar;
    /** Per draw: the location and scale of its component (of the logarithm of the sum when {@code log}). */
    final double[] location = new double[DRAWS];

    final double[] scale = new double[DRAWS];
    /** Per draw: its normalised importance weight. */
    final double[] weight = new double[DRAWS];

    double effectiveDraws;
    /** Per draw and post point, the counterfactual's mean and variance in the metric's units (forecast path). */
    double[][] pointMean;

    double[][] pointVar;
    /** Per post point at the mode (joint path). */
    double[] modePointMean;

    double[] modePointVar;
    /** The other interventions' estimates (in the scale's units: a log step when {@code log}). */
    List<ImpactResult.InterventionEstimate> estimates;
    /** Centre and standard deviation of the counterfactual sum at the mode alone (forecast path), as the components. */
    double modeCentre;

    double modeScale;

    private ScaleFit(boolean log, ImpactInput input, Design design, AugmentedKalmanFilter filter, double[] mode) {
        this.log = log;
        this.input = input;
        this.design = design;
        this.filter = filter;
        this.mode = mode;
        this.modeLogPost = logPosterior(filter, mode);
        this.modeLogLik = filter.logLikelihood;
        this.fit = Fit.of(filter, design);
        double jacobian = 0;
        if (log) {
            // the response is log y here: the Jacobian of y -> log y is 1 / y; taken over the nu error contrasts of
            // the restricted likelihood (at the geometric mean), so that both scales move alike when y is rescaled
            double[] y = input.response();
            double sum = 0;
            int n = 0;
            for (int t = input.preStart(); t <= input.preEnd(); t++) {
                if (!Double.isNaN(y[t])) {
                    sum += y[t];
                    n++;
                }
            }
            jacobian = filter.nu * sum / n;
        }
        this.evidence = modeLogPost - filter.nu * Math.log(design.ySd) - jacobian;
        this.estimates = interventionEstimates(input, design, filter);
        this.onePred = new double[design.preLast() + 1];
        this.oneVar = new double[design.preLast() + 1];
        filter.run(mode[0], mode[1], mode[2], onePred, oneVar);
    }

    /** Whether every observed response value (and so every value the log scale needs) is positive. */
    static boolean positive(ImpactInput input) {
        double[] y = input.response();
        for (int t = input.preStart(); t <= input.postEnd(); t++) {
            if (!Double.isNaN(y[t]) && !(y[t] > 0)) {
                return false;
            }
        }
        return true;
    }

    /** The input on the log scale: log of the response, log of each control that is positive throughout. */
    static ImpactInput logScale(ImpactInput input) {
        double[] y = input.response();
        double[] logY = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            logY[t] = Double.isNaN(y[t]) || !(y[t] > 0) ? Double.NaN : Math.log(y[t]);
        }
        double[][] controls = new double[input.controlCount()][];
        for (int c = 0; c < controls.length; c++) {
            double[] x = input.controls()[c];
            boolean positive = true;
            for (int t = input.preStart(); t <= input.postEnd() && positive; t++) {
                positive = x[t] > 0;
            }
            if (positive) {
                double[] logX = new double[x.length];
                for (int t = 0; t < x.length; t++) {
                    logX[t] = x[t] > 0 ? Math.log(x[t]) : Double.NaN;
                }
                controls[c] = logX;
            } else {
                controls[c] = x;
            }
        }
        return input.with(logY, controls);
    }

    /** Fits the mode on the scale; throws {@link InvalidInputException} when the design cannot be estimated. */
    static ScaleFit mode(ImpactInput original, boolean log, double tolerance, int maxEval) {
        return mode(original, log, tolerance, maxEval, null);
    }

    /**
     * @param start where the optimiser starts (the other scale's mode: the two are close, as psi is relative to the
     *     noise), or null for the prior's mode
     */
    static ScaleFit mode(ImpactInput original, boolean log, double tolerance, int maxEval, double[] start) {
        ImpactInput input = log ? logScale(original) : original;
        Design design = new Design(input);
        AugmentedKalmanFilter filter = new AugmentedKalmanFilter(design);
        filter.run(Prior.START);
        if (!filter.fullRank()) {
            throw new InvalidInputException(
                    design.interventionColumns() > 0 ? "interventions" : design.controls > 0 ? "controls" : "season",
                    "the pre-period cannot separate the intercept, seasonal effects, control coefficients and"
                            + " other interventions (collinear controls, a seasonal phase without observations, or"
                            + " interventions that change at the same observed points)");
        }
        double[] initial = Prior.START;
        if (start != null) {
            initial = new double[3];
            for (int i = 0; i < 3; i++) {
                // inside the bounds, and not on them (BOBYQA's first steps need room)
                initial[i] = Math.min(Math.max(start[i], Prior.LOWER[i] + 0.5), Prior.UPPER[i] - 0.5);
            }
        }
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * 3 + 1, start == null ? 1.0 : 0.5, tolerance);
        double[] mode = optimizer
                .optimize(
                        new MaxEval(maxEval),
                        new ObjectiveFunction(psi -> logPosterior(filter, psi)),
                        GoalType.MAXIMIZE,
                        new InitialGuess(initial),
                        new SimpleBounds(Prior.LOWER, Prior.UPPER))
                .getPoint();
        return new ScaleFit(log, input, design, filter, mode);
    }

    /** The actual sum of the observed post-period points, in the metric's units. */
    double actualSum() {
        double sum = 0;
        double[] y = input.response();
        for (int t = design.postStart; t <= design.postEnd; t++) {
            if (!Double.isNaN(y[t])) {
                sum += log ? Math.exp(y[t]) : y[t];
            }
        }
        return sum;
    }

    /** The components' mixture (in log space for the log scale: then every component is normal in log of the sum). */
    PredictiveMixture ownSpace(double widen) {
        double[] s = scale.clone();
        for (int j = 0; j < DRAWS; j++) {
            s[j] *= widen;
        }
        return new PredictiveMixture(location.clone(), s, new boolean[DRAWS], weight);
    }

    /** The actual sum in the components' space (its log on the log scale). */
    double actualInOwnSpace() {
        double a = actualSum();
        return log ? Math.log(a) : a;
    }

    /** Draws the counterfactual sum's predictive distribution (after the mode). */
    void draw() {
        Proposal proposal = Proposal.at(filter, mode, modeLogPost);
        double[] logWeight = design.needsJoint ? jointDraws(proposal) : forecastDraws(proposal);
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logWeight) {
            max = Math.max(max, w);
        }
        double sum = 0;
        double squares = 0;
        for (int j = 0; j < DRAWS; j++) {
            weight[j] = logWeight[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logWeight[j] - max);
            sum += weight[j];
            squares += weight[j] * weight[j];
        }
        effectiveDraws = sum * sum / squares;
        for (int j = 0; j < DRAWS; j++) {
            weight[j] /= sum;
        }
    }

    /** The counterfactual analysis proper: the post-period forecast from the pre-period, for each draw of psi. */
    private double[] forecastDraws(Proposal proposal) {
        int points = design.postEnd - design.postStart + 1;
        double[] chi2 = DrawTable.chiSquaredQuantiles(fit.nu);
        CounterfactualForecast forecast = new CounterfactualForecast(design, log);
        double[] logWeight = new double[DRAWS];
        pointMean = new double[DRAWS][];
        pointVar = new double[DRAWS][];
        // at the mode alone: what the placebo calibration compares with
        forecastAtMode();
        double[] psi = new double[3];
        for (int j = 0; j < DRAWS; j++) {
            double logProposal = proposal.draw(j, psi);
            double logPost = Double.isNaN(logProposal) ? Double.NEGATIVE_INFINITY : logPosterior(filter, psi);
            if (logPost == Double.NEGATIVE_INFINITY) {
                logWeight[j] = Double.NEGATIVE_INFINITY;
                location[j] = modeCentre;
                scale[j] = modeScale;
                continue;
            }
            forecast.forecast(filter);
            double sigma2 = Math.max(filter.rss, filter.nu * AugmentedKalmanFilter.SIGMA2_FLOOR) / chi2[j];
            double[] cs = component(design, log, forecast, sigma2);
            location[j] = cs[0];
            scale[j] = cs[1];
            double[] pm = new double[points];
            double[] pv = new double[points];
            for (int h = 0; h < points; h++) {
                double mean = design.yMean + design.ySd * forecast.mean[h];
                double variance = design.ySd * design.ySd * sigma2 * forecast.variance[h];
                if (log) {
                    pm[h] = Math.exp(mean + variance / 2);
                    pv[h] = Math.expm1(variance) * Math.exp(2 * mean + variance);
                } else {
                    pm[h] = mean;
                    pv[h] = variance;
                }
            }
            pointMean[j] = pm;
            pointVar[j] = pv;
            logWeight[j] = logPost - modeLogPost - logProposal;
        }
        return logWeight;
    }

    /**
     * The component of a forecast: the mean and sd of the sum (additive), or of the log of the sum (multiplicative:
     * first-order, its mean set so that the component's mean is the sum of the points' means).
     */
    static double[] component(Design design, boolean log, CounterfactualForecast forecast, double sigma2) {
        double ySd = design.ySd;
        int m = design.postObserved;
        if (!log) {
            return new double[] {
                m * design.yMean + ySd * forecast.sumMean, ySd * Math.sqrt(sigma2 * forecast.sumVariance)
            };
        }
        double logVariance = ySd * ySd * sigma2 * forecast.sumVariance / (forecast.weightSum * forecast.weightSum);
        double meanSum = 0;
        double[] y = design.y;
        int first = design.postFirst();
        for (int h = 0; h < forecast.mean.length; h++) {
            if (!Double.isNaN(y[first + h])) {
                double mean = design.yMean + ySd * forecast.mean[h];
                double variance = ySd * ySd * sigma2 * forecast.variance[h];
                meanSum += Math.exp(mean + variance / 2);
            }
        }
        return new double[] {Math.log(meanSum) - logVariance / 2, Math.sqrt(logVariance)};
    }

    /**
     * Another intervention changes inside the post-period: the analysed step and the other interventions' steps are
     * estimated together by the joint design, fitted on every observed point of the window, with the variance
     * parameters drawn from their pre-period posterior as in the forecast path. Given psi and sigma^2 the analysed step
     * is normal (its generalised-least-squares estimate and variance), so the counterfactual sum (actual sum minus m
     * steps; on the log scale the actual sum times exp(-step), log-normal) is too.
     */
    private double[] jointDraws(Proposal proposal) {
        Design joint = Design.joint(input);
        AugmentedKalmanFilter jointFilter = new AugmentedKalmanFilter(joint);
        jointFilter.run(mode);
        if (!jointFilter.fullRank()) {
            throw new InvalidInputException(
                    "interventions",
                    "the intervention analysed and another one change at the same observed points: their effects"
                            + " cannot be separated");
        }
        int own = joint.k - 1;
        estimates = interventionEstimates(input, joint, jointFilter);
        double ownAtMode = jointFilter.theta[own];
        double sigma2AtMode = jointFilter.sigma2;
        double[] jointPred = new double[joint.length()];
        double[] jointVar = new double[joint.length()];
        jointFilter.run(mode[0], mode[1], mode[2], jointPred, jointVar);
        int points = design.postEnd - design.postStart + 1;
        int first = joint.postFirst();
        modePointMean = new double[points];
        modePointVar = new double[points];
        for (int h = 0; h < points; h++) {
            // the one-step-ahead prediction of the joint fit without the analysed step
            double mean = joint.yMean + joint.ySd * (jointPred[first + h] - ownAtMode);
            double variance = joint.ySd * joint.ySd * sigma2AtMode * jointVar[first + h];
            modePointMean[h] = log ? Math.exp(mean + variance / 2) : mean;
            modePointVar[h] = log ? Math.expm1(variance) * Math.exp(2 * mean + variance) : variance;
        }
        double actualSum = actualSum();
        int m = design.postObserved;
        double[] chi2 = DrawTable.chiSquaredQuantiles(jointFilter.nu);
        double[] psi = new double[3];
        double[] logWeight = new double[DRAWS];
        for (int j = 0; j < DRAWS; j++) {
            double logProposal = proposal.draw(j, psi);
            double logPost = Double.isNaN(logProposal) ? Double.NEGATIVE_INFINITY : logPosterior(filter, psi);
            if (logPost == Double.NEGATIVE_INFINITY || jointFilter.run(psi) == Double.NEGATIVE_INFINITY) {
                logWeight[j] = Double.NEGATIVE_INFINITY;
                location[j] = log ? Math.log(actualSum) : actualSum;
                scale[j] = 1;
                continue;
            }
            double sigma2 = Math.max(jointFilter.rss, jointFilter.nu * AugmentedKalmanFilter.SIGMA2_FLOOR) / chi2[j];
            double variance = jointFilter.inverseDiagonal(own);
            double step = joint.ySd * jointFilter.theta[own];
            double stepSd = joint.ySd * Math.sqrt(sigma2 * variance);
            if (log) {
                location[j] = Math.log(actualSum) - step;
                scale[j] = stepSd;
            } else {
                location[j] = actualSum - m * step;
                scale[j] = m * stepSd;
            }
            logWeight[j] = logPost - modeLogPost - logProposal;
        }
        return logWeight;
    }

    /** The scale's point estimate {@code RSS / nu} after the filter's last run. */
    static double modeSigma2(AugmentedKalmanFilter filter) {
        return Math.max(filter.rss, filter.nu * AugmentedKalmanFilter.SIGMA2_FLOOR) / filter.nu;
    }

    /** The counterfactual sum at the mode alone (no draws): sets {@link #modeCentre} and {@link #modeScale}. */
    void forecastAtMode() {
        CounterfactualForecast forecast = new CounterfactualForecast(design, log);
        filter.run(mode);
        forecast.forecast(filter);
        double[] centreAndScale = component(design, log, forecast, modeSigma2(filter));
        modeCentre = centreAndScale[0];
        modeScale = centreAndScale[1];
    }

    /** The other interventions' steps as estimated by the filter's last (non-recording) run; null where not fitted. */
    private static List<ImpactResult.InterventionEstimate> interventionEstimates(
            ImpactInput input, Design design, AugmentedKalmanFilter filter) {
        List<ImpactResult.InterventionEstimate> estimates = new ArrayList<>();
        for (int j = 0; j < input.interventions().size(); j++) {
            int column = design.interventionColumn[j];
            if (column < 0) {
                estimates.add(null);
            } else {
                estimates.add(new ImpactResult.InterventionEstimate(
                        design.ySd * filter.theta[column],
                        design.ySd * Math.sqrt(filter.sigma2 * filter.inverseDiagonal(column))));
            }
        }
        return Collections.unmodifiableList(estimates);
    }

    /** As {@link #logPosterior} but ignoring the bounds (for finite differences at a bound). */
    static double logPosteriorUnbounded(AugmentedKalmanFilter filter, double[] psi) {
        double[] inside = new double[3];
        for (int i = 0; i < 3; i++) {
            inside[i] = Math.min(Math.max(psi[i], Prior.LOWER[i]), Prior.UPPER[i]);
        }
        double prior = Prior.logDensity(inside);
        return filter.run(psi) + prior;
    }

    /** Restricted log-likelihood plus log prior; leaves the fit of {@code psi} in the filter. */
    static double logPosterior(AugmentedKalmanFilter filter, double[] psi) {
        double prior = Prior.logDensity(psi);
        double logLik = filter.run(psi);
        return prior == Double.NEGATIVE_INFINITY ? prior : logLik + prior;
    }

    /** The estimates at the posterior mode, in the response's units (of this scale). */
    record Fit(double q, double phi, double tau2, double sigma2, int nu, double[] theta, double slope, int k) {

        static Fit of(AugmentedKalmanFilter f, Design d) {
            double slope = f.a[3 * d.k + 1];
            for (int c = 0; c < d.k; c++) {
                slope -= f.a[3 * c + 1] * f.theta[c];
            }
            return new Fit(f.q, f.phi, f.tau2, f.sigma2, f.nu, f.theta.clone(), slope, d.k);
        }
    }

    /** What was fitted, in the response's units on this scale. */
    ImpactResult.ModelInfo info(int interventions, String scaleName, Map<String, Double> scaleWeights) {
        Design d = design;
        List<String> components = new ArrayList<>();
        components.add("level");
        if (fit.tau2() > 1e-6) {
            components.add("trend");
        }
        if (d.season > 0) {
            components.add("seasonal(" + d.season + ")");
        }
        if (d.blockColumns > 0) {
            components.add("day-of-week");
        }
        components.add("ar1");
        if (d.controls > 0) {
            components.add("regression(" + d.controls + ")");
        }
        if (interventions > 0) {
            components.add("interventions(" + interventions + (d.needsJoint ? ", joint" : "") + ")");
        }
        if (log) {
            components.add("multiplicative");
        }
        double sigma = Math.sqrt(fit.sigma2()) * d.ySd;
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("noiseSd", sigma);
        parameters.put("ar1", fit.phi());
        parameters.put("levelSd", Math.sqrt(fit.q()) * sigma);
        parameters.put("slopeSd", Math.sqrt(fit.tau2()) * sigma);
        parameters.put("slope", fit.slope() * d.ySd);
        List<Double> coefficients = new ArrayList<>();
        for (int c = 0; c < d.controls; c++) {
            coefficients.add(fit.theta()[d.firstControl + c] * d.ySd / d.controlSd[c]);
        }
        Map<String, Integer> missing = new LinkedHashMap<>();
        missing.put("pre", d.preMissing);
        missing.put("post", d.postMissing);
        Map<String, Double> draws = new LinkedHashMap<>();
        draws.put("proposed", (double) DRAWS);
        draws.put("effective", effectiveDraws);
        return new ImpactResult.ModelInfo(
                List.copyOf(components),
                parameters,
                coefficients,
                modeLogLik,
                d.preObserved,
                missing,
                draws,
                scaleName,
                scaleWeights);
    }
}
