package dev.whatmoved.attribution.bench;

import java.util.SplittableRandom;

/**
 * Random building blocks of the simulation kinds ({@link SimulationKinds}): uniform and log-uniform parameters,
 * Gaussian, Student-t, Poisson and binomial draws, stationary AR(1) paths and perturbed weekly patterns. Everything
 * draws from the {@link SplittableRandom} it is given, so a series is a pure function of its seed.
 */
final class Gen {

    private Gen() {}

    static double uniform(SplittableRandom r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    static double logUniform(SplittableRandom r, double from, double to) {
        return Math.exp(uniform(r, Math.log(from), Math.log(to)));
    }

    /** An integer uniform on {@code from .. to}, both inclusive. */
    static int integer(SplittableRandom r, int from, int to) {
        return from + r.nextInt(to - from + 1);
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller, one of the pair (own implementation: the same numbers on every JDK)
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Gamma(shape, 1), Marsaglia-Tsang (shape below 1 boosted). */
    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            return gamma(r, shape + 1) * Math.pow(1 - r.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(r);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Student-t with {@code df} degrees of freedom, scaled to unit variance ({@code df > 2}). */
    static double studentUnitVariance(SplittableRandom r, double df) {
        double chi2 = 2 * gamma(r, df / 2);
        return gaussian(r) / Math.sqrt(chi2 / df) * Math.sqrt((df - 2) / df);
    }

    /** Poisson: inversion for small means, a rounded normal beyond 50. */
    static int poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        }
        double u = r.nextDouble();
        double p = Math.exp(-mean);
        double cdf = p;
        int k = 0;
        while (u > cdf && k < 1000) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    /**
     * Binomial: Bernoulli trials up to 100 trials, Poisson on the rarer outcome when it is rare, else a rounded normal.
     */
    static int binomial(SplittableRandom r, int n, double p) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (n <= 100) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (r.nextDouble() < p) {
                    k++;
                }
            }
            return k;
        }
        double rare = Math.min(p, 1 - p);
        if (n * rare < 20) {
            int k = Math.min(n, poisson(r, n * rare));
            return p <= 0.5 ? k : n - k;
        }
        double k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gaussian(r));
        return (int) Math.max(0, Math.min(n, k));
    }

    /** A stationary AR(1) path with the given marginal standard deviation and Gaussian innovations. */
    static double[] ar1(SplittableRandom r, int n, double phi, double sd) {
        double[] u = new double[n];
        double innovation = sd * Math.sqrt(1 - phi * phi);
        u[0] = sd * gaussian(r);
        for (int t = 1; t < n; t++) {
            u[t] = phi * u[t - 1] + innovation * gaussian(r);
        }
        return u;
    }

    /** A stationary AR(1) path with Student-t innovations of {@code df} degrees of freedom, marginal sd {@code sd}. */
    static double[] ar1Student(SplittableRandom r, int n, double phi, double sd, double df) {
        double[] u = new double[n];
        double innovation = sd * Math.sqrt(1 - phi * phi);
        u[0] = sd * studentUnitVariance(r, df);
        for (int t = 1; t < n; t++) {
            u[t] = phi * u[t - 1] + innovation * studentUnitVariance(r, df);
        }
        return u;
    }

    /** A Gaussian random walk starting at 0 with the given step standard deviation. */
    static double[] randomWalk(SplittableRandom r, int n, double step) {
        double[] w = new double[n];
        for (int t = 1; t < n; t++) {
            w[t] = w[t - 1] + step * gaussian(r);
        }
        return w;
    }

    /**
     * A weekly pattern with a weekend dip (days 5 and 6), perturbed per series, centred, its largest deviation
     * {@code amplitude}.
     */
    static double[] weekly(SplittableRandom r, double amplitude) {
        double[] base = {0.2, 0.3, 0.3, 0.25, 0.1, -0.6, -0.55};
        double[] w = new double[7];
        double mean = 0;
        for (int d = 0; d < 7; d++) {
            w[d] = base[d] + 0.15 * gaussian(r);
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
}
