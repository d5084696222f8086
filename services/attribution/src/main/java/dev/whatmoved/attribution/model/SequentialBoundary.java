package dev.whatmoved.attribution.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The alpha-spending boundary of a release's checkpoints. A release is looked at up to six times (1, 7, 14, 30, 60 and
 * 90 days); calling it "moved" whenever one look's 95 % interval excludes zero would call a release that changed
 * nothing "moved" at one look or more far more often than 5 % of the time. Instead the 5 % is spent across the looks:
 * by the Hwang-Shih-DeCani spending function with {@code gamma = -1}, {@code alpha(t) = alpha (1 - e^(-gamma t)) / (1
 * - e^(-gamma))}, {@code t} the share of the last look's days a look has seen. Early looks spend little (an "early read"
 * needs a large change), the last look most.
 *
 * <p>The boundary of each look is the two-sided nominal level at which the look decides, such that the chance of
 * crossing for the first time at look {@code k} is the spending function's increment, for estimates that behave like
 * a Brownian motion over days (correlation {@code sqrt(t_i / t_j)} between looks: later windows contain the earlier
 * ones). Computed once per schedule from a fixed table of simulated paths (deterministic). The family-wise rate is
 * then {@code alpha} at most; the simulation study measures it on series.
 */
public final class SequentialBoundary {

    static final double GAMMA = -1;
    private static final int PATHS = 200_000;
    private static final Map<String, double[]> CACHE = new ConcurrentHashMap<>();

    private SequentialBoundary() {}

    /**
     * The nominal two-sided level of each look.
     *
     * @param looks the planned looks, in days, ascending (the checkpoints up to the prediction's horizon)
     * @param alpha the family-wise level
     */
    public static double[] nominalLevels(List<Integer> looks, double alpha) {
        int[] days =
                looks.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        if (days.length == 0) {
            return new double[0];
        }
        return CACHE.computeIfAbsent(Arrays.toString(days) + "@" + alpha, key -> compute(days, alpha))
                .clone();
    }

    /** The nominal two-sided level of the look at {@code day} (alpha itself when it is the only look). */
    public static double levelAt(List<Integer> looks, int day, double alpha) {
        int[] days =
                looks.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        double[] levels = nominalLevels(looks, alpha);
        for (int k = 0; k < days.length; k++) {
            if (days[k] == day) {
                return levels[k];
            }
        }
        throw new IllegalArgumentException("day " + day + " is not one of the looks " + looks);
    }

    /** The spending function: the share of alpha spent once a share {@code t} of the days has been seen. */
    static double spent(double t, double alpha) {
        return alpha * (1 - Math.exp(-GAMMA * t)) / (1 - Math.exp(-GAMMA));
    }

    private static double[] compute(int[] days, double alpha) {
        int k = days.length;
        double last = days[k - 1];
        // standardised partial sums of a Brownian motion at the looks' information fractions
        Random random = new Random(19830101L);
        double[][] z = new double[k][PATHS];
        for (int path = 0; path < PATHS; path++) {
            double sum = 0;
            double previous = 0;
            for (int look = 0; look < k; look++) {
                double t = days[look] / last;
                sum += random.nextGaussian() * Math.sqrt(t - previous);
                previous = t;
                z[look][path] = Math.abs(sum) / Math.sqrt(t);
            }
        }
        boolean[] crossed = new boolean[PATHS];
        double[] levels = new double[k];
        NormalDistribution normal = new NormalDistribution();
        for (int look = 0; look < k; look++) {
            double increment = spent(days[look] / last, alpha) - (look == 0 ? 0 : spent(days[look - 1] / last, alpha));
            int allowed = (int) Math.floor(increment * PATHS);
            // the boundary: the (allowed + 1)-th largest |z| among the paths that have not crossed yet
            double[] candidates = new double[PATHS];
            int n = 0;
            for (int path = 0; path < PATHS; path++) {
                if (!crossed[path]) {
                    candidates[n++] = z[look][path];
                }
            }
            Arrays.sort(candidates, 0, n);
            double boundary = allowed >= n ? 0 : allowed == 0 ? candidates[n - 1] + 1e-9 : candidates[n - allowed - 1];
            for (int path = 0; path < PATHS; path++) {
                if (!crossed[path] && z[look][path] > boundary) {
                    crossed[path] = true;
                }
            }
            levels[look] = Math.min(alpha, 2 * (1 - normal.cumulativeProbability(boundary)));
        }
        return levels;
    }
}
