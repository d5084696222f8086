package dev.whatmoved.attribution.model;

/**
 * The prior of the variance parameters {@code psi = (log q, atanh phi, log tau^2)}, all relative to the AR
 * innovation's variance {@code sigma^2}:
 *
 * <ul>
 *   <li>{@code sqrt(q)}, the level's daily random step in units of sigma: exponential (a penalised-complexity prior,
 *       shrinking towards a fixed level) with {@code P(sqrt(q) > 0.1) = 0.05}; its median, 0.023, is about the
 *       CausalImpact default prior guess for the level (1 % of the series' standard deviation);
 *   <li>{@code tau}, the slope's standard deviation in sigma per step: exponential with {@code P(tau > 1) = 0.05}, so a
 *       trend is kept only where the data supports it;
 *   <li>{@code phi}: uniform on (-1, 1).
 * </ul>
 *
 * Bounds keep the optimiser and the draws away from numerically useless regions; they hold almost no prior mass.
 */
final class Prior {

    static final double LEVEL_RATE = -Math.log(0.05) / 0.1;
    static final double SLOPE_RATE = -Math.log(0.05) / 1.0;

    static final double[] LOWER = {-16, -2.5, -16};
    static final double[] UPPER = {4, 3.0, 6};
    /** The prior's mode in psi: where the optimiser starts. */
    static final double[] START = {2 * Math.log(1 / LEVEL_RATE), 0.55, 2 * Math.log(1 / SLOPE_RATE)};

    private Prior() {}

    /** Log prior density of psi, up to a constant (-infinity outside the bounds). */
    static double logDensity(double[] psi) {
        for (int i = 0; i < 3; i++) {
            if (psi[i] < LOWER[i] || psi[i] > UPPER[i]) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        return exponentialOfRoot(psi[0], LEVEL_RATE) + uniformPhi(psi[1]) + exponentialOfRoot(psi[2], SLOPE_RATE);
    }

    /** An exponential prior on {@code s = exp(psi / 2)}, as a density of psi. */
    private static double exponentialOfRoot(double psi, double rate) {
        double s = Math.exp(psi / 2);
        return -rate * s + psi / 2;
    }

    /** A uniform prior on {@code phi = tanh(a)}, as a density of a: {@code 1 - tanh(a)^2}. */
    private static double uniformPhi(double a) {
        double phi = Math.tanh(a);
        return Math.log1p(-phi * phi);
    }
}
