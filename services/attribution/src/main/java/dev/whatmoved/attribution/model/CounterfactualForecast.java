package dev.whatmoved.attribution.model;

/**
 * The forecast of the post-period from a filtered pre-period, for one set of parameters: the mean of each point, its
 * variance, and the mean and variance of a weighted sum over the observed post-period points (which needs the forecast
 * errors' covariances, carried by a running-sum state). Variances are in units of {@code sigma^2} and include the
 * uncertainty of the fixed effects' estimates. Standardised units. A reusable workspace; not thread-safe.
 *
 * <p>On the additive scale every weight is 1: the sum of the points. On the log scale the weight of a point is its
 * forecast median in the metric's units ({@code exp} of its mean), so that {@code sumVariance / (sum of weights)^2} is
 * the first-order variance of the logarithm of the sum of the points in the metric's units.
 */
final class CounterfactualForecast {

    private final Design design;
    private final boolean logWeights;
    private final double[] g;
    private final double[] gSum;

    /** Per post-period point (index 0 = postStart). */
    final double[] mean;

    final double[] variance;
    /** Weighted sum of the observed post points' means (the plain sum on the additive scale). */
    double sumMean;
    /** Variance of the weighted sum. */
    double sumVariance;
    /** Sum of the weights over the observed post points (their count on the additive scale). */
    double weightSum;

    CounterfactualForecast(Design design, boolean logWeights) {
        this.design = design;
        this.logWeights = logWeights;
        this.g = new double[design.k];
        this.gSum = new double[design.k];
        int points = design.postEnd - design.postStart + 1;
        this.mean = new double[points];
        this.variance = new double[points];
    }

    /** Forecasts from the filter's state at the end of the pre-period; consumes (moves) that state. */
    void forecast(AugmentedKalmanFilter f) {
        int k = design.k;
        double[] theta = f.theta;
        double[] a = f.a;
        double[][] x = design.x;
        double[] y = design.y;
        java.util.Arrays.fill(gSum, 0.0);
        // covariance of the weighted sum's random part with the state (c0, c1, c2) and with itself
        double c0 = 0, c1 = 0, c2 = 0, cc = 0;
        double phi = f.phi;
        sumMean = 0;
        weightSum = 0;
        int first = design.postFirst();
        for (int t = design.preLast() + 1; t < design.length(); t++) {
            // Cov(x_h, c_{h-1}) = T Cov(x_{h-1}, c_{h-1}), before P moves on
            double t0 = c0 + c1;
            double t1 = c1;
            double t2 = phi * c2;
            f.predict();
            double pointMean = a[3 * k] + a[3 * k + 2];
            for (int c = 0; c < k; c++) {
                double gc = x[c][t] - (a[3 * c] + a[3 * c + 2]);
                g[c] = gc;
                pointMean += gc * theta[c];
            }
            double randomVar = f.p00 + 2 * f.p02 + f.p22;
            if (t < first) {
                c0 = t0;
                c1 = t1;
                c2 = t2;
                continue;
            }
            int h = t - first;
            mean[h] = pointMean;
            variance[h] = randomVar + f.quadratic(g, true);
            if (Double.isNaN(y[t])) {
                c0 = t0;
                c1 = t1;
                c2 = t2;
                continue;
            }
            double w = logWeights ? Math.exp(design.yMean + design.ySd * pointMean) : 1.0;
            weightSum += w;
            sumMean += w * pointMean;
            for (int c = 0; c < k; c++) {
                gSum[c] += w * g[c];
            }
            cc += 2 * w * (t0 + t2) + w * w * randomVar;
            c0 = t0 + w * (f.p00 + f.p02);
            c1 = t1 + w * (f.p01 + f.p12);
            c2 = t2 + w * (f.p02 + f.p22);
        }
        sumVariance = cc + f.quadratic(gSum, false);
    }
}
