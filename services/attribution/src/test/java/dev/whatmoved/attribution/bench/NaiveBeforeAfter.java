package dev.whatmoved.attribution.bench;

import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The labelled baseline: mean after minus mean before, with a naive Welch t-interval that treats the days as
 * independent draws from two flat distributions. Not used by the service; here to show what it gets wrong.
 */
public final class NaiveBeforeAfter {

    /** The estimated effect and its interval. */
    public record Estimate(double effect, double lower, double upper) {
        public boolean excludesZero() {
            return lower > 0 || upper < 0;
        }

        public boolean covers(double truth) {
            return lower <= truth && truth <= upper;
        }
    }

    private NaiveBeforeAfter() {}

    /**
     * The windows {@code preStart .. preEnd} and {@code postStart .. postEnd} (inclusive), missing ({@code NaN}) points
     * left out; null when either window has fewer than two observed points.
     */
    public static Estimate estimate(double[] y, int preStart, int preEnd, int postStart, int postEnd, double alpha) {
        double[] before = observed(y, preStart, preEnd);
        double[] after = observed(y, postStart, postEnd);
        if (before.length < 2 || after.length < 2) {
            return null;
        }
        double[] joined = new double[before.length + after.length];
        System.arraycopy(before, 0, joined, 0, before.length);
        System.arraycopy(after, 0, joined, before.length, after.length);
        return estimate(joined, before.length, after.length, alpha);
    }

    private static double[] observed(double[] y, int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to)
                .mapToDouble(t -> y[t])
                .filter(v -> !Double.isNaN(v))
                .toArray();
    }

    public static Estimate estimate(double[] y, int pre, int post, double alpha) {
        double m1 = 0;
        double m2 = 0;
        for (int t = 0; t < pre; t++) {
            m1 += y[t] / pre;
        }
        for (int t = pre; t < pre + post; t++) {
            m2 += y[t] / post;
        }
        double v1 = 0;
        double v2 = 0;
        for (int t = 0; t < pre; t++) {
            v1 += (y[t] - m1) * (y[t] - m1) / (pre - 1);
        }
        for (int t = pre; t < pre + post; t++) {
            v2 += (y[t] - m2) * (y[t] - m2) / (post - 1);
        }
        double a = v1 / pre;
        double b = v2 / post;
        double se = Math.sqrt(a + b);
        double df = (a + b) * (a + b) / (a * a / (pre - 1) + b * b / (post - 1));
        double t = new TDistribution(df).inverseCumulativeProbability(1 - alpha / 2);
        double effect = m2 - m1;
        return new Estimate(effect, effect - t * se, effect + t * se);
    }
}
