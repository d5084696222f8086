package dev.whatmoved.attribution.model;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealVector;

/** A multivariate-t proposal centred at the mode, shaped by the curvature there, reflected into the bounds. */
final class Proposal {

    private static final int DF = 5;
    private static final double INFLATION = 1.25;
    private static final double MAX_SD = 3.0;
    private static final double MIN_SD = 0.02;
    private static final double HESSIAN_STEP = 0.2;

    private final double[] mode;
    private final double[][] axes; // axes[i] = eigenvector i times its scale
    private final double[][] inverse; // rows: eigenvector i / scale i

    private Proposal(double[] mode, double[][] axes, double[][] inverse) {
        this.mode = mode;
        this.axes = axes;
        this.inverse = inverse;
    }

    static Proposal at(AugmentedKalmanFilter f, double[] mode, double f0) {
        double h = HESSIAN_STEP;
        double[][] negHessian = new double[3][3];
        double[] x = mode.clone();
        for (int i = 0; i < 3; i++) {
            x[i] = mode[i] + h;
            double plus = ScaleFit.logPosteriorUnbounded(f, x);
            x[i] = mode[i] - h;
            double minus = ScaleFit.logPosteriorUnbounded(f, x);
            x[i] = mode[i];
            negHessian[i][i] = -(plus - 2 * f0 + minus) / (h * h);
            for (int j = 0; j < i; j++) {
                double sum = 0;
                for (int si = -1; si <= 1; si += 2) {
                    for (int sj = -1; sj <= 1; sj += 2) {
                        x[i] = mode[i] + si * h;
                        x[j] = mode[j] + sj * h;
                        sum += si * sj * ScaleFit.logPosteriorUnbounded(f, x);
                    }
                }
                x[i] = mode[i];
                x[j] = mode[j];
                negHessian[i][j] = -sum / (4 * h * h);
                negHessian[j][i] = negHessian[i][j];
            }
        }
        for (double[] row : negHessian) {
            for (int j = 0; j < 3; j++) {
                if (!Double.isFinite(row[j])) {
                    row[j] = 0;
                }
            }
        }
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(negHessian));
        double[][] axes = new double[3][3];
        double[][] inverse = new double[3][3];
        double minPrecision = 1 / (MAX_SD * MAX_SD);
        double maxPrecision = 1 / (MIN_SD * MIN_SD);
        for (int i = 0; i < 3; i++) {
            double precision = Math.min(Math.max(eigen.getEigenvalue(i), minPrecision), maxPrecision);
            double scale = INFLATION / Math.sqrt(precision);
            RealVector v = eigen.getEigenvector(i);
            for (int c = 0; c < 3; c++) {
                axes[i][c] = v.getEntry(c) * scale;
                inverse[i][c] = v.getEntry(c) / scale;
            }
        }
        return new Proposal(mode.clone(), axes, inverse);
    }

    /**
     * Fills {@code psi} with draw {@code j}; returns the log of its proposal density relative to the mode's (NaN
     * when the draw falls outside the bounds even after one reflection).
     */
    double draw(int j, double[] psi) {
        double scale = DrawTable.T_SCALE[j];
        for (int c = 0; c < 3; c++) {
            double v = mode[c];
            for (int i = 0; i < 3; i++) {
                v += axes[i][c] * DrawTable.Z[j][i] * scale;
            }
            if (v < Prior.LOWER[c]) {
                v = 2 * Prior.LOWER[c] - v;
            } else if (v > Prior.UPPER[c]) {
                v = 2 * Prior.UPPER[c] - v;
            }
            if (v < Prior.LOWER[c] || v > Prior.UPPER[c]) {
                return Double.NaN;
            }
            psi[c] = v;
        }
        // the density of a reflected draw sums over the points that reflect onto it
        double density = 0;
        double[] pre = new double[3];
        for (int r0 = 0; r0 < 3; r0++) {
            pre[0] = preimage(psi, 0, r0);
            for (int r1 = 0; r1 < 3; r1++) {
                pre[1] = preimage(psi, 1, r1);
                for (int r2 = 0; r2 < 3; r2++) {
                    pre[2] = preimage(psi, 2, r2);
                    double quad = 0;
                    for (int i = 0; i < 3; i++) {
                        double u = 0;
                        for (int c = 0; c < 3; c++) {
                            u += inverse[i][c] * (pre[c] - mode[c]);
                        }
                        quad += u * u;
                    }
                    density += Math.pow(1 + quad / DF, -(DF + 3) / 2.0);
                }
            }
        }
        return Math.log(density);
    }

    private static double preimage(double[] psi, int c, int which) {
        return switch (which) {
            case 0 -> psi[c];
            case 1 -> 2 * Prior.LOWER[c] - psi[c];
            default -> 2 * Prior.UPPER[c] - psi[c];
        };
    }
}
