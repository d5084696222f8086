package dev.whatmoved.attribution.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * The counterfactual analysis of the CausalImpact family: a structural time-series model (local level with a random
 * slope, fixed weekly or other seasonality, static regression on controls, AR(1) noise) is estimated on the
 * pre-period and forecast over the post-period; the difference to what happened is the effect.
 *
 * <p>The variance parameters {@code psi = (log q, atanh phi, log tau^2)} are estimated at the mode of the restricted
 * (diffuse) likelihood times a weakly informative {@link Prior}, found with BOBYQA. Their uncertainty enters the
 * intervals by importance sampling from that posterior (a multivariate-t proposal fitted at the mode); given {@code psi},
 * the scale is drawn from its scaled-inverse-chi-square posterior and the forecast of the post-period sum is normal,
 * so the predictive distribution of the sum is a weighted normal mixture whose quantiles give the intervals. The draws
 * are a fixed table: the same input always gives the same answer. See {@code docs/statistics.md}.
 *
 * <p>Thread-safe: every call allocates its own workspace.
 */
public final class ImpactAnalysis {

    /** Parameter draws behind each analysis. */
    public static final int DRAWS = 100;

    public static final double POWER = 0.8;

    static final double[] LOWER = Prior.LOWER;
    static final double[] UPPER = Prior.UPPER;
    static final double[] START = Prior.START;

    private static final int PROPOSAL_DF = 5;
    private static final double PROPOSAL_INFLATION = 1.25;
    private static final double PROPOSAL_MAX_SD = 3.0;
    private static final double PROPOSAL_MIN_SD = 0.02;
    private static final double HESSIAN_STEP = 0.2;

    private static final double[][] Z = new double[DRAWS][3];
    private static final double[] T_SCALE = new double[DRAWS];
    private static final double[] STRATA = new double[DRAWS];
    private static final Map<Integer, double[]> CHI2_QUANTILES = new ConcurrentHashMap<>();

    static {
        Random random = new Random(20150301L);
        int[] order = new int[DRAWS];
        for (int j = 0; j < DRAWS; j++) {
            for (int i = 0; i < 3; i++) {
                Z[j][i] = random.nextGaussian();
            }
            double chi2 = 0;
            for (int i = 0; i < PROPOSAL_DF; i++) {
                double g = random.nextGaussian();
                chi2 += g * g;
            }
            T_SCALE[j] = Math.sqrt(PROPOSAL_DF / chi2);
            order[j] = j;
        }
        for (int j = DRAWS - 1; j > 0; j--) {
            int i = random.nextInt(j + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        for (int j = 0; j < DRAWS; j++) {
            STRATA[j] = (order[j] + 0.5) / DRAWS;
        }
    }

    public ImpactResult analyse(ImpactInput input) {
        double alpha = input.alpha();
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new InvalidInputException("alpha", "must be between 0 and 0.5");
        }
        Design design = new Design(input);
        AugmentedKalmanFilter filter = new AugmentedKalmanFilter(design);
        filter.run(START);
        if (!filter.fullRank()) {
            throw new InvalidInputException(
                    design.interventionColumns() > 0 ? "interventions" : design.controls > 0 ? "controls" : "season",
                    "the pre-period cannot separate the intercept, seasonal effects, control coefficients and"
                            + " other interventions (collinear controls, a seasonal phase without observations, or"
                            + " interventions that change at the same observed points)");
        }

        // 1. the posterior mode of psi
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * 3 + 1, 1.0, 1e-3);
        double[] mode = optimizer
                .optimize(
                        new MaxEval(600),
                        new ObjectiveFunction(psi -> logPosterior(filter, psi)),
                        GoalType.MAXIMIZE,
                        new InitialGuess(START),
                        new SimpleBounds(LOWER, UPPER))
                .getPoint();
        double modeLogPost = logPosterior(filter, mode);
        double modeLogLik = filter.logLikelihood;
        Fit fit = Fit.of(filter, design);
        List<ImpactResult.InterventionEstimate> estimates = interventionEstimates(input, design, filter);
        double[] onePred = new double[design.preLast() + 1];
        double[] oneVar = new double[design.preLast() + 1];
        filter.run(mode[0], mode[1], mode[2], onePred, oneVar);

        // 2. a multivariate-t proposal from the curvature at the mode
        Proposal proposal = Proposal.at(filter, mode, modeLogPost);

        // 3. importance-weighted draws: given psi and sigma^2, the counterfactual sum over the observed post points is
        // normal (a forecast from the pre-period, or, with an intervention inside the post-period, the actual sum minus
        // the analysed step estimated jointly with the other one)
        Draws draws = design.needsJoint
                ? jointDraws(input, design, filter, mode, modeLogPost, proposal)
                : forecastDraws(input, design, filter, fit, modeLogPost, proposal);
        if (draws.estimates != null) {
            estimates = draws.estimates;
        }
        int points = design.postEnd - design.postStart + 1;
        double[] weight = new double[DRAWS];
        double maxLogWeight = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < DRAWS; j++) {
            maxLogWeight = Math.max(maxLogWeight, draws.logWeight[j]);
        }
        double weightSum = 0;
        double weightSquares = 0;
        for (int j = 0; j < DRAWS; j++) {
            weight[j] =
                    draws.logWeight[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(draws.logWeight[j] - maxLogWeight);
            weightSum += weight[j];
            weightSquares += weight[j] * weight[j];
        }
        double effectiveDraws = weightSum * weightSum / weightSquares;
        double[] normalised = new double[DRAWS];
        for (int j = 0; j < DRAWS; j++) {
            normalised[j] = weight[j] / weightSum;
        }
        NormalMixture mixture = new NormalMixture(draws.sumMean, draws.sumSd, normalised.clone(), DRAWS);

        // 4. summaries of the sum over the observed post-period points
        int m = design.postObserved;
        double actualSum = actualSum(input, design);
        double predicted = mixture.mean();
        double lower = mixture.quantile(alpha / 2);
        double upper = mixture.quantile(1 - alpha / 2);
        // a mixture CDF can overshoot 1 by a rounding error; a probability it stays
        double below = Math.max(0, Math.min(1, mixture.cdf(actualSum)));
        double p = Math.min(below, 1 - below);
        double power20 = mixture.quantile(1 - POWER);
        double power80 = mixture.quantile(POWER);
        double mdeSum = ((upper - lower) + (power80 - power20)) / 2;
        ImpactResult.Summary cumulative = summary(actualSum, predicted, lower, upper, 1);
        ImpactResult.Summary average = summary(actualSum, predicted, lower, upper, m);
        double mdeAverage = mdeSum / m;
        ImpactResult.MinimumDetectableEffect mde = new ImpactResult.MinimumDetectableEffect(
                alpha, POWER, mdeAverage, average.predicted() == 0 ? null : mdeAverage / Math.abs(average.predicted()));

        // 5. pointwise: one-step-ahead in the pre-period, the counterfactual's moments in the post-period
        double z = new NormalDistribution().inverseCumulativeProbability(1 - alpha / 2);
        List<ImpactResult.Point> pointwise = new ArrayList<>(design.preLast() + 1 + points);
        for (int t = 0; t <= design.preLast(); t++) {
            int index = design.preStart + t;
            double mean = design.yMean + design.ySd * onePred[t];
            double sd = design.ySd * Math.sqrt(fit.sigma2 * oneVar[t]);
            pointwise.add(new ImpactResult.Point(
                    index, "pre", actual(input.response()[index]), mean, mean - z * sd, mean + z * sd));
        }
        for (int h = 0; h < points; h++) {
            double first;
            double sd;
            if (draws.pointMean != null) {
                first = 0;
                double second = 0;
                for (int j = 0; j < DRAWS; j++) {
                    if (normalised[j] > 0) {
                        double mj = draws.pointMean[j][h];
                        first += normalised[j] * mj;
                        second += normalised[j] * (draws.pointVar[j][h] + mj * mj);
                    }
                }
                sd = Math.sqrt(Math.max(second - first * first, 0));
            } else {
                first = draws.modePointMean[h];
                sd = Math.sqrt(draws.modePointVar[h]);
            }
            int index = design.postStart + h;
            pointwise.add(new ImpactResult.Point(
                    index, "post", actual(input.response()[index]), first, first - z * sd, first + z * sd));
        }

        int modelled = 0;
        for (ImpactResult.InterventionEstimate e : estimates) {
            modelled += e == null ? 0 : 1;
        }
        ImpactResult.ModelInfo info = fit.info(design, modeLogLik, effectiveDraws, modelled, design.needsJoint);
        return new ImpactResult(average, cumulative, p, mde, pointwise, info, estimates);
    }

    /** Per draw: the predictive mean and sd of the counterfactual sum, its log weight, and pointwise moments. */
    private static final class Draws {
        final double[] sumMean = new double[DRAWS];
        final double[] sumSd = new double[DRAWS];
        final double[] logWeight = new double[DRAWS];
        /** Per draw and post point (forecast path), or null. */
        double[][] pointMean;

        double[][] pointVar;
        /** Per post point at the mode (joint path), or null. */
        double[] modePointMean;

        double[] modePointVar;
        /** The other interventions' estimates from the joint fit (joint path), or null. */
        List<ImpactResult.InterventionEstimate> estimates;
    }

    /** The counterfactual analysis proper: the post-period forecast from the pre-period, for each draw of psi. */
    private static Draws forecastDraws(
            ImpactInput input,
            Design design,
            AugmentedKalmanFilter filter,
            Fit fit,
            double modeLogPost,
            Proposal proposal) {
        int points = design.postEnd - design.postStart + 1;
        double[] chi2 = chiSquaredQuantiles(fit.nu);
        CounterfactualForecast forecast = new CounterfactualForecast(design);
        Draws draws = new Draws();
        draws.pointMean = new double[DRAWS][];
        draws.pointVar = new double[DRAWS][];
        double[] psi = new double[3];
        int m = design.postObserved;
        for (int j = 0; j < DRAWS; j++) {
            double logProposal = proposal.draw(j, psi);
            double logPost = Double.isNaN(logProposal) ? Double.NEGATIVE_INFINITY : logPosterior(filter, psi);
            if (logPost == Double.NEGATIVE_INFINITY) {
                draws.logWeight[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            forecast.forecast(filter);
            double sigma2 = Math.max(filter.rss, filter.nu * AugmentedKalmanFilter.SIGMA2_FLOOR) / chi2[j];
            draws.sumMean[j] = m * design.yMean + design.ySd * forecast.sumMean;
            draws.sumSd[j] = design.ySd * Math.sqrt(sigma2 * forecast.sumVariance);
            double[] pm = new double[points];
            double[] pv = new double[points];
            for (int h = 0; h < points; h++) {
                pm[h] = design.yMean + design.ySd * forecast.mean[h];
                pv[h] = design.ySd * design.ySd * sigma2 * forecast.variance[h];
            }
            draws.pointMean[j] = pm;
            draws.pointVar[j] = pv;
            draws.logWeight[j] = logPost - modeLogPost - logProposal;
        }
        return draws;
    }

    /**
     * Another intervention changes inside the post-period: the analysed step and the other interventions' steps are
     * estimated together by the joint design, fitted on every observed point of the window, with the variance
     * parameters drawn from their pre-period posterior as in the forecast path. Given psi and sigma^2 the analysed step
     * is normal (its generalised-least-squares estimate and variance), so the counterfactual sum (actual sum minus m
     * steps) is too.
     */
    private static Draws jointDraws(
            ImpactInput input,
            Design design,
            AugmentedKalmanFilter preFilter,
            double[] mode,
            double modeLogPost,
            Proposal proposal) {
        Design joint = Design.joint(input);
        AugmentedKalmanFilter filter = new AugmentedKalmanFilter(joint);
        filter.run(mode);
        if (!filter.fullRank()) {
            throw new InvalidInputException(
                    "interventions",
                    "the intervention analysed and another one change at the same observed points: their effects"
                            + " cannot be separated");
        }
        int own = joint.k - 1;
        Draws draws = new Draws();
        draws.estimates = interventionEstimates(input, joint, filter);
        double ownAtMode = filter.theta[own];
        double sigma2AtMode = filter.sigma2;
        double[] onePred = new double[joint.length()];
        double[] oneVar = new double[joint.length()];
        filter.run(mode[0], mode[1], mode[2], onePred, oneVar);
        int points = design.postEnd - design.postStart + 1;
        int first = joint.postFirst();
        draws.modePointMean = new double[points];
        draws.modePointVar = new double[points];
        for (int h = 0; h < points; h++) {
            // the one-step-ahead prediction of the joint fit without the analysed step
            draws.modePointMean[h] = joint.yMean + joint.ySd * (onePred[first + h] - ownAtMode);
            draws.modePointVar[h] = joint.ySd * joint.ySd * sigma2AtMode * oneVar[first + h];
        }

        double actualSum = actualSum(input, design);
        int m = design.postObserved;
        double[] chi2 = chiSquaredQuantiles(filter.nu);
        double[] psi = new double[3];
        for (int j = 0; j < DRAWS; j++) {
            double logProposal = proposal.draw(j, psi);
            double logPost = Double.isNaN(logProposal) ? Double.NEGATIVE_INFINITY : logPosterior(preFilter, psi);
            if (logPost == Double.NEGATIVE_INFINITY || filter.run(psi) == Double.NEGATIVE_INFINITY) {
                draws.logWeight[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double sigma2 = Math.max(filter.rss, filter.nu * AugmentedKalmanFilter.SIGMA2_FLOOR) / chi2[j];
            double variance = filter.inverseDiagonal(own);
            draws.sumMean[j] = actualSum - m * joint.ySd * filter.theta[own];
            draws.sumSd[j] = m * joint.ySd * Math.sqrt(sigma2 * variance);
            draws.logWeight[j] = logPost - modeLogPost - logProposal;
        }
        return draws;
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
        return java.util.Collections.unmodifiableList(estimates);
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

    /** As {@link #logPosterior} but ignoring the bounds (for finite differences at a bound). */
    private static double logPosteriorUnbounded(AugmentedKalmanFilter filter, double[] psi) {
        double[] inside = new double[3];
        for (int i = 0; i < 3; i++) {
            inside[i] = Math.min(Math.max(psi[i], LOWER[i]), UPPER[i]);
        }
        double prior = Prior.logDensity(inside);
        return filter.run(psi) + prior;
    }

    /** Restricted log-likelihood plus log prior; leaves the fit of {@code psi} in the filter. */
    private static double logPosterior(AugmentedKalmanFilter filter, double[] psi) {
        double prior = Prior.logDensity(psi);
        double logLik = filter.run(psi);
        return prior == Double.NEGATIVE_INFINITY ? prior : logLik + prior;
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

    private static double[] chiSquaredQuantiles(int nu) {
        return CHI2_QUANTILES.computeIfAbsent(nu, df -> {
            ChiSquaredDistribution distribution = new ChiSquaredDistribution(df);
            double[] q = new double[DRAWS];
            for (int j = 0; j < DRAWS; j++) {
                q[j] = distribution.inverseCumulativeProbability(STRATA[j]);
            }
            return q;
        });
    }

    /** The estimates at the posterior mode, in the response's units. */
    private record Fit(double q, double phi, double tau2, double sigma2, int nu, double[] theta, double slope, int k) {

        static Fit of(AugmentedKalmanFilter f, Design d) {
            double slope = f.a[3 * d.k + 1];
            for (int c = 0; c < d.k; c++) {
                slope -= f.a[3 * c + 1] * f.theta[c];
            }
            return new Fit(f.q, f.phi, f.tau2, f.sigma2, f.nu, f.theta.clone(), slope, d.k);
        }

        ImpactResult.ModelInfo info(Design d, double logLik, double effectiveDraws, int interventions, boolean joint) {
            List<String> components = new ArrayList<>();
            components.add("level");
            if (tau2 > 1e-6) {
                components.add("trend");
            }
            if (d.season > 0) {
                components.add("seasonal(" + d.season + ")");
            }
            components.add("ar1");
            if (d.controls > 0) {
                components.add("regression(" + d.controls + ")");
            }
            if (interventions > 0) {
                components.add("interventions(" + interventions + (joint ? ", joint" : "") + ")");
            }
            double sigma = Math.sqrt(sigma2) * d.ySd;
            Map<String, Double> parameters = new LinkedHashMap<>();
            parameters.put("noiseSd", sigma);
            parameters.put("ar1", phi);
            parameters.put("levelSd", Math.sqrt(q) * sigma);
            parameters.put("slopeSd", Math.sqrt(tau2) * sigma);
            parameters.put("slope", slope * d.ySd);
            List<Double> coefficients = new ArrayList<>();
            int first = d.firstControl;
            for (int c = 0; c < d.controls; c++) {
                coefficients.add(theta[first + c] * d.ySd / d.controlSd[c]);
            }
            Map<String, Integer> missing = new LinkedHashMap<>();
            missing.put("pre", d.preMissing);
            missing.put("post", d.postMissing);
            Map<String, Double> draws = new LinkedHashMap<>();
            draws.put("proposed", (double) DRAWS);
            draws.put("effective", effectiveDraws);
            return new ImpactResult.ModelInfo(
                    List.copyOf(components), parameters, coefficients, logLik, d.preObserved, missing, draws);
        }
    }

    /** A multivariate-t proposal centred at the mode, shaped by the curvature there, reflected into the bounds. */
    private static final class Proposal {

        private final double[] mode;
        private final double[][] axes; // axes[i] = eigenvector i times its scale
        private final double[][] inverse; // rows: eigenvector i / scale i

        private Proposal(double[] mode, double[][] axes, double[][] inverse) {
            this.mode = mode;
            this.axes = axes;
            this.inverse = inverse;
        }

        static Proposal at(AugmentedKalmanFilter f, double[] mode, double f0) {
            double h = HESSIAN_STEP;
            double[][] negHessian = new double[3][3];
            double[] x = mode.clone();
            for (int i = 0; i < 3; i++) {
                x[i] = mode[i] + h;
                double plus = logPosteriorUnbounded(f, x);
                x[i] = mode[i] - h;
                double minus = logPosteriorUnbounded(f, x);
                x[i] = mode[i];
                negHessian[i][i] = -(plus - 2 * f0 + minus) / (h * h);
                for (int j = 0; j < i; j++) {
                    double sum = 0;
                    for (int si = -1; si <= 1; si += 2) {
                        for (int sj = -1; sj <= 1; sj += 2) {
                            x[i] = mode[i] + si * h;
                            x[j] = mode[j] + sj * h;
                            sum += si * sj * logPosteriorUnbounded(f, x);
                        }
                    }
                    x[i] = mode[i];
                    x[j] = mode[j];
                    negHessian[i][j] = -sum / (4 * h * h);
                    negHessian[j][i] = negHessian[i][j];
                }
            }
            for (double[] row : negHessian) {
                for (int j = 0; j < 3; j++) {
                    if (!Double.isFinite(row[j])) {
                        row[j] = 0;
                    }
                }
            }
            EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(negHessian));
            double[][] axes = new double[3][3];
            double[][] inverse = new double[3][3];
            double minPrecision = 1 / (PROPOSAL_MAX_SD * PROPOSAL_MAX_SD);
            double maxPrecision = 1 / (PROPOSAL_MIN_SD * PROPOSAL_MIN_SD);
            for (int i = 0; i < 3; i++) {
                double precision = Math.min(Math.max(eigen.getEigenvalue(i), minPrecision), maxPrecision);
                double scale = PROPOSAL_INFLATION / Math.sqrt(precision);
                RealVector v = eigen.getEigenvector(i);
                for (int c = 0; c < 3; c++) {
                    axes[i][c] = v.getEntry(c) * scale;
                    inverse[i][c] = v.getEntry(c) / scale;
                }
            }
            return new Proposal(mode.clone(), axes, inverse);
        }

        /**
         * Fills {@code psi} with draw {@code j}; returns the log of its proposal density relative to the mode's (NaN
         * when the draw falls outside the bounds even after one reflection).
         */
        double draw(int j, double[] psi) {
            double scale = T_SCALE[j];
            for (int c = 0; c < 3; c++) {
                double v = mode[c];
                for (int i = 0; i < 3; i++) {
                    v += axes[i][c] * Z[j][i] * scale;
                }
                if (v < LOWER[c]) {
                    v = 2 * LOWER[c] - v;
                } else if (v > UPPER[c]) {
                    v = 2 * UPPER[c] - v;
                }
                if (v < LOWER[c] || v > UPPER[c]) {
                    return Double.NaN;
                }
                psi[c] = v;
            }
            // the density of a reflected draw sums over the points that reflect onto it
            double density = 0;
            double[] pre = new double[3];
            for (int r0 = 0; r0 < 3; r0++) {
                pre[0] = preimage(psi, 0, r0);
                for (int r1 = 0; r1 < 3; r1++) {
                    pre[1] = preimage(psi, 1, r1);
                    for (int r2 = 0; r2 < 3; r2++) {
                        pre[2] = preimage(psi, 2, r2);
                        double quad = 0;
                        for (int i = 0; i < 3; i++) {
                            double u = 0;
                            for (int c = 0; c < 3; c++) {
                                u += inverse[i][c] * (pre[c] - mode[c]);
                            }
                            quad += u * u;
                        }
                        density += Math.pow(1 + quad / PROPOSAL_DF, -(PROPOSAL_DF + 3) / 2.0);
                    }
                }
            }
            return Math.log(density);
        }

        private static double preimage(double[] psi, int c, int which) {
            return switch (which) {
                case 0 -> psi[c];
                case 1 -> 2 * LOWER[c] - psi[c];
                default -> 2 * UPPER[c] - psi[c];
            };
        }
    }
}
