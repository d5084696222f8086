package dev.whatmoved.attribution.bench;

import java.util.SplittableRandom;

/**
 * Synthetic daily series for the simulation study and the throughput harness: level, linear trend, weekly seasonality
 * and AR(1) noise, optionally driven by a common factor that a control series also carries, with a known constant
 * effect added to the post-period. Each series is a pure function of its seed.
 */
public final class SyntheticSeries {

    public static final double LEVEL = 1000;

    /**
     * Departures from the main design, for robustness checks.
     *
     * @param levelDrift standard deviation of a daily random-walk step of the level, as a share of the level
     * @param phiLow lower end of the AR(1) coefficient's range
     * @param phiHigh upper end
     */
    public record Variant(double levelDrift, double phiLow, double phiHigh) {
        public static final Variant MAIN = new Variant(0, 0.3, 0.7);
    }

    /** One generated case: the response, its controls, the true average effect, and the periods. */
    public record Case(double[] response, double[][] controls, double trueEffect, int pre, int post) {}

    private SyntheticSeries() {}

    /**
     * @param pre pre-period days (indices 0 .. pre-1)
     * @param post post-period days (indices pre .. pre+post-1)
     * @param controls number of control series; when positive, the response also carries their common factor
     * @param effect the effect as a share of the level, added to every post-period day
     */
    public static Case generate(long seed, int pre, int post, int controls, double effect) {
        return generate(seed, pre, post, controls, effect, Variant.MAIN);
    }

    public static Case generate(long seed, int pre, int post, int controls, double effect, Variant variant) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = pre + post;
        double slope = uniform(random, -0.003, 0.003) * LEVEL;
        double[] season = weekly(random, uniform(random, 0.05, 0.20) * LEVEL);
        double[] noise = ar1(
                random, n, uniform(random, variant.phiLow(), variant.phiHigh()), uniform(random, 0.02, 0.05) * LEVEL);
        int phase = random.nextInt(7);
        double[] y = new double[n];
        double drift = 0;
        for (int t = 0; t < n; t++) {
            if (variant.levelDrift() > 0) {
                drift += variant.levelDrift() * LEVEL * gaussian(random);
            }
            y[t] = LEVEL + slope * t + season[(t + phase) % 7] + noise[t] + drift;
        }
        double[][] x = new double[controls][];
        if (controls > 0) {
            // common shocks, larger than the response's own noise: a control that carries them explains the response
            double[] factor = ar1(random, n, uniform(random, 0.3, 0.7), 0.05 * LEVEL);
            for (int c = 0; c < controls; c++) {
                double level = uniform(random, 0.2, 5) * LEVEL;
                double share = uniform(random, 0.5, 1.5);
                double controlSlope = uniform(random, -0.003, 0.003) * level;
                double[] controlSeason = weekly(random, uniform(random, 0.05, 0.20) * level);
                double[] own = ar1(random, n, uniform(random, 0.0, 0.5), 0.01 * level);
                double[] series = new double[n];
                for (int t = 0; t < n; t++) {
                    series[t] = level
                            + controlSlope * t
                            + controlSeason[(t + phase) % 7]
                            + factor[t] * level / LEVEL
                            + own[t];
                }
                x[c] = series;
                if (c == 0) {
                    for (int t = 0; t < n; t++) {
                        y[t] += share * factor[t];
                    }
                }
            }
        }
        double absolute = effect * LEVEL;
        for (int t = pre; t < n; t++) {
            y[t] += absolute;
        }
        return new Case(y, x, absolute, pre, post);
    }

    private static double uniform(SplittableRandom random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** A weekly pattern with a weekend dip, perturbed per series, centred, its largest deviation {@code amplitude}. */
    private static double[] weekly(SplittableRandom random, double amplitude) {
        double[] base = {0.2, 0.3, 0.3, 0.25, 0.1, -0.6, -0.55};
        double[] w = new double[7];
        double mean = 0;
        for (int d = 0; d < 7; d++) {
            w[d] = base[d] + 0.1 * gaussian(random);
            mean += w[d] / 7;
        }
        double max = 0;
        for (int d = 0; d < 7; d++) {
            w[d] -= mean;
            max = Math.max(max, Math.abs(w[d]));
        }
        for (int d = 0; d < 7; d++) {
            w[d] *= amplitude / max;
        }
        return w;
    }

    /** A stationary AR(1) path with the given marginal standard deviation. */
    static double[] ar1(SplittableRandom random, int n, double phi, double sd) {
        double[] u = new double[n];
        double innovation = sd * Math.sqrt(1 - phi * phi);
        u[0] = sd * gaussian(random);
        for (int t = 1; t < n; t++) {
            u[t] = phi * u[t - 1] + innovation * gaussian(random);
        }
        return u;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller, one of the pair
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
