package dev.whatmoved.attribution.model;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.special.Erf;

/** A weighted mixture of normal distributions: the predictive distribution of a sum, over parameter draws. */
final class NormalMixture {

    private static final double SQRT2 = Math.sqrt(2);

    private final double[] mean;
    private final double[] sd;
    private final double[] weight;
    private final int n;

    /** Weights need not be normalised; components with zero weight are ignored. */
    NormalMixture(double[] mean, double[] sd, double[] weight, int n) {
        this.mean = mean;
        this.sd = sd;
        this.n = n;
        this.weight = weight;
        double total = 0;
        for (int j = 0; j < n; j++) {
            total += weight[j];
        }
        for (int j = 0; j < n; j++) {
            weight[j] /= total;
        }
    }

    double mean() {
        double m = 0;
        for (int j = 0; j < n; j++) {
            m += weight[j] * mean[j];
        }
        return m;
    }

    double cdf(double x) {
        double p = 0;
        for (int j = 0; j < n; j++) {
            double w = weight[j];
            if (w > 0) {
                p += w * 0.5 * Erf.erfc((mean[j] - x) / (sd[j] * SQRT2));
            }
        }
        return p;
    }

    double quantile(double p) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (weight[j] > 0) {
                lo = Math.min(lo, mean[j] - 12 * sd[j]);
                hi = Math.max(hi, mean[j] + 12 * sd[j]);
            }
        }
        if (!(hi > lo)) {
            return lo;
        }
        double accuracy = Math.max((hi - lo) * 1e-12, Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) * 4);
        return new BrentSolver(1e-14, accuracy).solve(200, x -> cdf(x) - p, lo, hi);
    }
}
