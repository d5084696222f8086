package dev.whatmoved.attribution.model;

import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * A weighted mixture of normal and log-normal distributions: the predictive distribution of the counterfactual sum,
 * over parameter draws of the additive model (normal components) and of the multiplicative model (log-normal ones).
 * Each component's spread can be widened by a factor (the placebo calibration of its model).
 */
final class PredictiveMixture {

    private static final double SQRT2 = Math.sqrt(2);

    private final double[] location;
    private final double[] scale;
    private final boolean[] logNormal;
    private final double[] weight;
    private final int n;

    /**
     * @param location per component: the mean (normal) or the mean of the logarithm (log-normal)
     * @param scale per component: the standard deviation (of the logarithm, for a log-normal one)
     * @param logNormal which components are log-normal
     * @param weight weights, need not be normalised; components with zero weight are ignored
     */
    PredictiveMixture(double[] location, double[] scale, boolean[] logNormal, double[] weight) {
        this.n = location.length;
        this.location = location;
        this.scale = scale;
        this.logNormal = logNormal;
        this.weight = weight.clone();
        double total = 0;
        for (int j = 0; j < n; j++) {
            total += this.weight[j];
        }
        for (int j = 0; j < n; j++) {
            this.weight[j] /= total;
        }
    }

    double mean() {
        double m = 0;
        for (int j = 0; j < n; j++) {
            if (weight[j] > 0) {
                m += weight[j] * (logNormal[j] ? Math.exp(location[j] + scale[j] * scale[j] / 2) : location[j]);
            }
        }
        return m;
    }

    double cdf(double x) {
        double p = 0;
        for (int j = 0; j < n; j++) {
            double w = weight[j];
            if (w > 0) {
                if (logNormal[j]) {
                    p += x <= 0 ? 0 : w * 0.5 * erfc((location[j] - Math.log(x)) / (scale[j] * SQRT2));
                } else {
                    p += w * 0.5 * erfc((location[j] - x) / (scale[j] * SQRT2));
                }
            }
        }
        return Math.max(0, Math.min(1, p));
    }

    double quantile(double p) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (weight[j] > 0) {
                double a = location[j] - 12 * scale[j];
                double b = location[j] + 12 * scale[j];
                if (logNormal[j]) {
                    a = Math.exp(a);
                    b = Math.exp(Math.min(b, 700));
                }
                lo = Math.min(lo, a);
                hi = Math.max(hi, b);
            }
        }
        if (!(hi > lo)) {
            return lo;
        }
        // the quantiles are read to a billionth of the distribution's spread: far below anything reported
        double spread = 0;
        for (int j = 0; j < n; j++) {
            if (weight[j] > 0) {
                double sd = logNormal[j] ? Math.exp(location[j]) * scale[j] : scale[j];
                spread = Math.max(spread, sd);
            }
        }
        double accuracy = Math.max(spread * 1e-9, Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) * 4);
        return new BrentSolver(1e-14, accuracy).solve(300, x -> cdf(x) - p, lo, hi);
    }

    /**
     * The complementary error function by a Chebyshev fit (fractional error below 1.2e-7 everywhere, tails included):
     * far cheaper than a general library's, and a mixture's CDF sums hundreds of them for each step of a quantile.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -0.82215223 + t * 0.17087277;
        poly = 1.48851587 + t * poly;
        poly = -1.13520398 + t * poly;
        poly = 0.27886807 + t * poly;
        poly = -0.18628806 + t * poly;
        poly = 0.09678418 + t * poly;
        poly = 0.37409196 + t * poly;
        poly = 1.00002368 + t * poly;
        double r = t * Math.exp(-z * z - 1.26551223 + t * poly);
        return x >= 0 ? r : 2 - r;
    }
}
