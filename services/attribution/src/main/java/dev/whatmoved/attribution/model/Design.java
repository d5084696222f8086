package dev.whatmoved.attribution.model;

/**
 * The standardised data of one analysis and its fixed effects: an intercept, {@code season - 1} effect-coded seasonal
 * columns and one column per (standardised) control. Standardising on the pre-period makes every estimate invariant
 * to the data's scale and keeps the filter's numbers of order one.
 */
final class Design {

    final int preStart;
    final int preEnd;
    final int postStart;
    final int postEnd;
    final int season;
    final int controls;
    /** Number of fixed effects. */
    final int k;
    /** Standardised response from {@code preStart} to {@code postEnd} (index 0 is {@code preStart}); NaN = missing. */
    final double[] y;
    /** Fixed-effect columns, {@code x[column][t - preStart]}. */
    final double[][] x;

    final double yMean;
    final double ySd;
    final double[] controlSd;
    final int preObserved;
    final int preMissing;
    final int postMissing;
    final int postObserved;

    Design(ImpactInput in) {
        double[] response = in.response();
        int n = response.length;
        if (in.preStart() < 0
                || in.preEnd() < in.preStart()
                || in.postStart() <= in.preEnd()
                || in.postEnd() < in.postStart()
                || in.postEnd() >= n) {
            throw new InvalidInputException(
                    "postPeriod", "the periods must be ordered, disjoint and inside the series");
        }
        this.preStart = in.preStart();
        this.preEnd = in.preEnd();
        this.postStart = in.postStart();
        this.postEnd = in.postEnd();
        this.season = in.season();
        this.controls = in.controlCount();
        if (season == 1 || season < 0) {
            throw new InvalidInputException("season", "must be at least 2");
        }
        int len = postEnd - preStart + 1;

        double sum = 0;
        int observed = 0;
        for (int t = preStart; t <= preEnd; t++) {
            double v = response[t];
            if (Double.isInfinite(v)) {
                throw new InvalidInputException("response", "must hold finite numbers");
            }
            if (!Double.isNaN(v)) {
                sum += v;
                observed++;
            }
        }
        this.preObserved = observed;
        this.preMissing = preEnd - preStart + 1 - observed;
        if (observed < 3) {
            throw new InvalidInputException("prePeriod", "needs at least 3 observed response values");
        }
        this.yMean = sum / observed;
        double ss = 0;
        for (int t = preStart; t <= preEnd; t++) {
            if (!Double.isNaN(response[t])) {
                ss += (response[t] - yMean) * (response[t] - yMean);
            }
        }
        this.ySd = Math.sqrt(ss / (observed - 1));
        if (!(ySd > 1e-12 * Math.max(1, Math.abs(yMean)))) {
            throw new InvalidInputException("response", "is constant in the pre-period");
        }
        int postMiss = 0;
        for (int t = postStart; t <= postEnd; t++) {
            if (Double.isInfinite(response[t])) {
                throw new InvalidInputException("response", "must hold finite numbers");
            }
            if (Double.isNaN(response[t])) {
                postMiss++;
            }
        }
        this.postMissing = postMiss;
        this.postObserved = postEnd - postStart + 1 - postMiss;
        if (postObserved == 0) {
            throw new InvalidInputException("postPeriod", "has no observed response value");
        }

        this.y = new double[len];
        for (int i = 0; i < len; i++) {
            int t = preStart + i;
            boolean gap = t > preEnd && t < postStart;
            y[i] = gap ? Double.NaN : (response[t] - yMean) / ySd;
        }

        int seasonal = season == 0 ? 0 : season - 1;
        this.k = 1 + seasonal + controls;
        this.x = new double[k][len];
        java.util.Arrays.fill(x[0], 1.0);
        for (int j = 1; j <= seasonal; j++) {
            for (int i = 0; i < len; i++) {
                int phase = Math.floorMod(preStart + i, season);
                x[j][i] = phase == j ? 1.0 : phase == 0 ? -1.0 : 0.0;
            }
        }
        this.controlSd = new double[controls];
        for (int c = 0; c < controls; c++) {
            double[] series = in.controls()[c];
            String field = "controls[" + c + "]";
            if (series == null || series.length != n) {
                throw new InvalidInputException(field, "must be as long as the response");
            }
            double m = 0;
            for (int t = preStart; t <= postEnd; t++) {
                if (!Double.isFinite(series[t])) {
                    throw new InvalidInputException(field, "must hold finite numbers, without missing values");
                }
            }
            for (int t = preStart; t <= preEnd; t++) {
                m += series[t];
            }
            m /= preEnd - preStart + 1;
            double s = 0;
            for (int t = preStart; t <= preEnd; t++) {
                s += (series[t] - m) * (series[t] - m);
            }
            s = Math.sqrt(s / Math.max(1, preEnd - preStart));
            if (!(s > 1e-12 * Math.max(1, Math.abs(m)))) {
                throw new InvalidInputException(field, "is constant in the pre-period");
            }
            controlSd[c] = s;
            double[] column = x[1 + seasonal + c];
            for (int i = 0; i < len; i++) {
                column[i] = (series[preStart + i] - m) / s;
            }
        }
        if (preObserved < k + 2) {
            throw new InvalidInputException(
                    "prePeriod",
                    "needs at least " + (k + 2) + " observed response values for this model (intercept"
                            + (seasonal > 0 ? ", " + seasonal + " seasonal effects" : "")
                            + (controls > 0 ? ", " + controls + " control coefficients" : "")
                            + " and two degrees of freedom)");
        }
    }

    int length() {
        return y.length;
    }

    /** Index into the arrays of the last pre-period point. */
    int preLast() {
        return preEnd - preStart;
    }

    /** Index into the arrays of the first post-period point. */
    int postFirst() {
        return postStart - preStart;
    }
}
