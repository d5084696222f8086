package dev.whatmoved.attribution.model;

/**
 * The Kalman filter of the model's random part, run on the response and on every fixed-effect column at once (de
 * Jong's augmented filter). This gives the exact diffuse treatment of the fixed effects (intercept, seasonal effects,
 * control coefficients): their generalised-least-squares estimate, its covariance, and the restricted (diffuse)
 * log-likelihood of the variance parameters, with the scale {@code sigma^2} concentrated out.
 *
 * <p>The random part has the state {@code (d, delta, u)}: the level's deviation from its start (a random walk with
 * drift {@code delta}), the slope {@code delta} (constant, a random effect with variance {@code tau^2 sigma^2}) and an
 * AR(1) term {@code u}. With {@code sigma^2} the variance of the AR innovation:
 *
 * <pre>
 *   y_t       = x_t' theta + d_t + u_t
 *   d_{t+1}   = d_t + delta + eta_t        eta_t ~ N(0, q sigma^2),  d_first = 0
 *   delta     ~ N(0, tau^2 sigma^2)
 *   u_{t+1}   = phi u_t + xi_t             xi_t  ~ N(0, sigma^2),    u_first stationary
 * </pre>
 *
 * Missing observations skip the update step. One instance is a reusable workspace: it allocates nothing per run.
 * Not thread-safe.
 */
final class AugmentedKalmanFilter {

    /** Floor of the concentrated scale, in standardised units: an exact fit is treated as almost exact. */
    static final double SIGMA2_FLOOR = 1e-20;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Design design;
    private final int k;
    private final int columns;

    // per-column state (d, delta, u): a[3 * c + i]; column k is the response
    final double[] a;
    // filtered state covariance (symmetric 3x3), in sigma^2 units
    double p00, p01, p02, p11, p12, p22;

    private final double[] whitened;
    private final double[] s; // X'X of the whitened columns, then its Cholesky factor (lower, row-major)
    private final double[] b;
    private double yy;

    final double[] theta;
    double sigma2;
    double rss;
    int nu;
    double logLikelihood;
    double q;
    double phi;
    double tau2;

    AugmentedKalmanFilter(Design design) {
        this.design = design;
        this.k = design.k;
        this.columns = k + 1;
        this.a = new double[3 * columns];
        this.whitened = new double[columns];
        this.s = new double[k * k];
        this.b = new double[k];
        this.theta = new double[k];
    }

    Design design() {
        return design;
    }

    /** Log-likelihood at {@code psi = (log q, atanh phi, log tau^2)}; leaves the estimates in the fields. */
    double run(double[] psi) {
        return run(psi[0], psi[1], psi[2], null, null);
    }

    /**
     * Runs the filter over the fitted points (the pre-period; the whole window for a joint design).
     *
     * @param onePred if not null, receives the one-step-ahead predictions of the pre-period (standardised) using
     *     {@link #theta} as it is on entry (run once before to set it)
     * @param oneVar if not null, their variances in sigma^2 units
     */
    double run(double logQ, double atanhPhi, double logTau2, double[] onePred, double[] oneVar) {
        Cancellation.check();
        q = Math.exp(logQ);
        phi = Math.tanh(atanhPhi);
        tau2 = Math.exp(logTau2);
        java.util.Arrays.fill(a, 0.0);
        p00 = 0;
        p01 = 0;
        p02 = 0;
        p11 = tau2;
        p12 = 0;
        p22 = 1.0 / (1.0 - phi * phi);
        boolean recording = onePred != null;
        if (!recording) {
            java.util.Arrays.fill(s, 0.0);
            java.util.Arrays.fill(b, 0.0);
            yy = 0;
        }
        double logDetF = 0;
        int observed = 0;
        double[] y = design.y;
        double[][] x = design.x;
        int last = design.fitLast;
        for (int t = 0; t <= last; t++) {
            if (t > 0) {
                predict();
            }
            if (recording) {
                double pred = a[3 * k] + a[3 * k + 2];
                for (int c = 0; c < k; c++) {
                    double g = x[c][t] - (a[3 * c] + a[3 * c + 2]);
                    pred += g * theta[c];
                }
                onePred[t] = pred;
                oneVar[t] = p00 + 2 * p02 + p22 + fixedVariance(t, null);
            }
            double yt = y[t];
            if (Double.isNaN(yt)) {
                continue;
            }
            double m0 = p00 + p02;
            double m1 = p01 + p12;
            double m2 = p02 + p22;
            double f = m0 + m2;
            double invF = 1.0 / f;
            double scale = Math.sqrt(invF);
            for (int c = 0; c < columns; c++) {
                double obs = c < k ? x[c][t] : yt;
                int i = 3 * c;
                double v = obs - (a[i] + a[i + 2]);
                whitened[c] = v * scale;
                double vf = v * invF;
                a[i] += m0 * vf;
                a[i + 1] += m1 * vf;
                a[i + 2] += m2 * vf;
            }
            double wy = whitened[k];
            for (int r = 0; r < k && !recording; r++) {
                double wr = whitened[r];
                int row = r * k;
                for (int c = 0; c <= r; c++) {
                    s[row + c] += wr * whitened[c];
                }
                b[r] += wr * wy;
            }
            if (!recording) {
                yy += wy * wy;
            }
            p00 -= m0 * m0 * invF;
            p01 -= m0 * m1 * invF;
            p02 -= m0 * m2 * invF;
            p11 -= m1 * m1 * invF;
            p12 -= m1 * m2 * invF;
            p22 -= m2 * m2 * invF;
            logDetF += Math.log(f);
            observed++;
        }
        if (recording) {
            return logLikelihood;
        }
        double logDetS = choleskyInPlace();
        if (Double.isNaN(logDetS)) {
            logLikelihood = Double.NEGATIVE_INFINITY;
            return logLikelihood;
        }
        // theta = S^-1 b through the factor
        System.arraycopy(b, 0, theta, 0, k);
        forward(theta);
        double explained = 0;
        for (int i = 0; i < k; i++) {
            explained += theta[i] * theta[i];
        }
        backward(theta);
        nu = observed - k;
        rss = Math.max(yy - explained, 0);
        sigma2 = Math.max(rss / nu, SIGMA2_FLOOR);
        logLikelihood = -0.5 * (nu * Math.log(sigma2) + logDetF + logDetS + nu * (1 + LOG_2PI));
        return logLikelihood;
    }

    /**
     * {@code (S^-1)_cc}: the variance of fixed effect {@code c}'s estimate, in units of {@code sigma^2}, after the last
     * (non-recording) run.
     */
    double inverseDiagonal(int c) {
        double[] unit = new double[k];
        unit[c] = 1.0;
        return quadratic(unit, false);
    }

    /** Whether the whitened fixed-effect columns are of full rank (checked on the last run). */
    boolean fullRank() {
        return logLikelihood != Double.NEGATIVE_INFINITY;
    }

    void predict() {
        int n = 3 * columns;
        for (int i = 0; i < n; i += 3) {
            a[i] += a[i + 1];
            a[i + 2] *= phi;
        }
        double n00 = p00 + 2 * p01 + p11 + q;
        double n01 = p01 + p11;
        double n02 = phi * (p02 + p12);
        double n12 = phi * p12;
        double n22 = phi * phi * p22 + 1.0;
        p00 = n00;
        p01 = n01;
        p02 = n02;
        p12 = n12;
        p22 = n22;
    }

    /**
     * {@code g' S^-1 g} for the effective regressor {@code g = x_t - Z A} of point {@code t} (array index), given the
     * current column states; {@code gOut}, if not null, receives {@code g}.
     */
    double fixedVariance(int t, double[] gOut) {
        double[][] x = design.x;
        double[] z = gOut == null ? scratch() : gOut;
        for (int c = 0; c < k; c++) {
            z[c] = x[c][t] - (a[3 * c] + a[3 * c + 2]);
        }
        return quadratic(z, gOut != null);
    }

    private double[] scratchVector;

    private double[] scratch() {
        if (scratchVector == null) {
            scratchVector = new double[k];
        }
        return scratchVector;
    }

    private double[] scratchVector2;

    /** {@code g' S^-1 g}; keeps {@code g} intact when asked. */
    double quadratic(double[] g, boolean keep) {
        double[] z = g;
        if (keep) {
            if (scratchVector2 == null) {
                scratchVector2 = new double[k];
            }
            System.arraycopy(g, 0, scratchVector2, 0, k);
            z = scratchVector2;
        }
        forward(z);
        double quad = 0;
        for (int i = 0; i < k; i++) {
            quad += z[i] * z[i];
        }
        return quad;
    }

    /** Cholesky factor of S in place (lower triangle); its log-determinant, or NaN when S is not positive definite. */
    private double choleskyInPlace() {
        double logDet = 0;
        for (int j = 0; j < k; j++) {
            double original = s[j * k + j];
            double diag = original;
            for (int m = 0; m < j; m++) {
                diag -= s[j * k + m] * s[j * k + m];
            }
            // a pivot that lost all but 1e-10 of its diagonal: the column is (numerically) a combination of others
            if (!(diag > 1e-10 * original)) {
                return Double.NaN;
            }
            double l = Math.sqrt(diag);
            s[j * k + j] = l;
            logDet += 2 * Math.log(l);
            for (int i = j + 1; i < k; i++) {
                double v = s[i * k + j];
                for (int m = 0; m < j; m++) {
                    v -= s[i * k + m] * s[j * k + m];
                }
                s[i * k + j] = v / l;
            }
        }
        return logDet;
    }

    private void forward(double[] z) {
        for (int i = 0; i < k; i++) {
            double v = z[i];
            for (int m = 0; m < i; m++) {
                v -= s[i * k + m] * z[m];
            }
            z[i] = v / s[i * k + i];
        }
    }

    private void backward(double[] z) {
        for (int i = k - 1; i >= 0; i--) {
            double v = z[i];
            for (int m = i + 1; m < k; m++) {
                v -= s[m * k + i] * z[m];
            }
            z[i] = v / s[i * k + i];
        }
    }

    int fixedEffects() {
        return k;
    }
}
