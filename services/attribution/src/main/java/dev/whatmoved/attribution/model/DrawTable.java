package dev.whatmoved.attribution.model;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * The fixed table of random numbers behind the parameter draws (the same input always gives the same answer): standard
 * normal vectors and t scales for the proposal, stratified quantiles for the scale's chi-square posterior.
 */
final class DrawTable {

    /** Parameter draws behind each analysis. */
    static final int DRAWS = 100;

    static final int DF = 5;
    static final double[][] Z = new double[DRAWS][3];
    static final double[] T_SCALE = new double[DRAWS];
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
            for (int i = 0; i < DF; i++) {
                double g = random.nextGaussian();
                chi2 += g * g;
            }
            T_SCALE[j] = Math.sqrt(DF / chi2);
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

    private DrawTable() {}

    /** Stratified quantiles of a chi-square with {@code nu} degrees of freedom, one per draw. */
    static double[] chiSquaredQuantiles(int nu) {
        return CHI2_QUANTILES.computeIfAbsent(nu, df -> {
            ChiSquaredDistribution distribution = new ChiSquaredDistribution(df);
            double[] q = new double[DRAWS];
            for (int j = 0; j < DRAWS; j++) {
                q[j] = distribution.inverseCumulativeProbability(STRATA[j]);
            }
            return q;
        });
    }
}
