package dev.whatmoved.attribution.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds spikes (a promotion, an outage, a bot) in the history before the release: points whose one-step-ahead forecast
 * error, at the model's fitted parameters, lies more than {@link #THRESHOLD} robust standard deviations (1.4826 times
 * the median absolute deviation of all errors) from the median error. They are treated as missing, so they neither
 * distort the model's parameters nor widen its interval. Repeated a few times, because the day after a spike is
 * predicted from the spike. At most {@link #MAX_SHARE} of the observed points are set aside: a metric that changes
 * that often is not spiky, it is noisy.
 */
final class OutlierScreen {

    static final double THRESHOLD = 5.0;
    static final double MAX_SHARE = 0.2;
    private static final int ROUNDS = 8;

    private OutlierScreen() {}

    /** Indices (into the response) of the points to treat as missing, in order; empty when there are none. */
    static List<Integer> find(ScaleFit fit) {
        ImpactInput in = fit.input;
        Design design;
        try {
            design = new Design(in.over(0, in.preEnd(), in.postStart(), in.postEnd()));
        } catch (InvalidInputException e) {
            return List.of();
        }
        AugmentedKalmanFilter filter = new AugmentedKalmanFilter(design);
        int points = design.preLast() + 1;
        int budget = (int) Math.floor(MAX_SHARE * design.preObserved);
        List<Integer> flagged = new ArrayList<>();
        double[] pred = new double[points];
        double[] var = new double[points];
        double[] errors = new double[points];
        for (int round = 0; round < ROUNDS && flagged.size() < budget; round++) {
            filter.run(fit.mode);
            if (!filter.fullRank()) {
                break;
            }
            filter.run(fit.mode[0], fit.mode[1], fit.mode[2], pred, var);
            int n = 0;
            // the first point is forecast from nothing
            int from = 1;
            for (int t = from; t < points; t++) {
                if (!Double.isNaN(design.y[t])) {
                    errors[n++] = (design.y[t] - pred[t]) / Math.sqrt(var[t]);
                }
            }
            if (n < 10) {
                break;
            }
            double[] sorted = Arrays.copyOf(errors, n);
            Arrays.sort(sorted);
            double median = median(sorted, n);
            for (int i = 0; i < n; i++) {
                sorted[i] = Math.abs(sorted[i] - median);
            }
            Arrays.sort(sorted, 0, n);
            double spread = 1.4826 * median(sorted, n);
            // errors are in units of the series' standard deviation: a fit this close has no spikes to find
            if (!(spread > 1e-6)) {
                break;
            }
            int found = 0;
            boolean previous = false;
            for (int t = from; t < points && flagged.size() < budget; t++) {
                double v = design.y[t];
                // a point right after one just set aside was forecast from it: judged again in the next round
                boolean outlier = !previous
                        && !Double.isNaN(v)
                        && Math.abs((v - pred[t]) / Math.sqrt(var[t]) - median) > THRESHOLD * spread;
                if (outlier) {
                    design.y[t] = Double.NaN;
                    flagged.add(t + design.preStart);
                    found++;
                }
                previous = outlier;
            }
            if (found == 0) {
                break;
            }
        }
        flagged.sort(null);
        return List.copyOf(flagged);
    }

    private static double median(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
