package dev.whatmoved.attribution.model;

/**
 * The standardised data of one analysis and its fixed effects: an intercept, {@code season - 1} effect-coded seasonal
 * columns, one column per (standardised) control and one 0/1 step column per other intervention that changes inside
 * the fitted points. Standardising on the pre-period makes every estimate invariant to the data's scale and keeps the
 * filter's numbers of order one.
 *
 * <p>Two kinds: the <em>pre-period</em> design is fitted on the pre-period and forecast over the post-period (the
 * counterfactual analysis); it holds the interventions that change inside the pre-period. The <em>joint</em> design is
 * fitted on every observed point of the window and adds, last, the step of the intervention analysed (on from {@code
 * postStart}); it is needed when another intervention changes only where the pre-period cannot see it (inside the
 * post-period), so that its effect and the analysed one are estimated together rather than all handed to one.
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

    /** Column of the first control. */
    final int firstControl;
    /** Effect-coded columns of the coarser seasonal factor (days of the week on hourly data). */
    final int blockColumns;
    /** Whether this is the joint design (fitted on pre- and post-period, with the analysed step as last column). */
    final boolean joint;
    /** Index into the arrays of the last point the filter fits. */
    final int fitLast;
    /** Observed points the filter fits. */
    final int fitObserved;
    /** Per input intervention: its column, or -1 when it does not change inside the fitted points. */
    final int[] interventionColumn;
    /** Pre-period design: some intervention changes only inside the post-period, so the joint design is needed. */
    final boolean needsJoint;

    /** The pre-period design. */
    Design(ImpactInput in) {
        this(in, false);
    }

    /** The joint design (see the class comment). */
    static Design joint(ImpactInput in) {
        return new Design(in, true);
    }

    private Design(ImpactInput in, boolean joint) {
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

        this.joint = joint;
        this.fitLast = joint ? len - 1 : preEnd - preStart;
        int fitted = 0;
        for (int i = 0; i <= fitLast; i++) {
            fitted += Double.isNaN(y[i]) ? 0 : 1;
        }
        this.fitObserved = fitted;
        java.util.List<Intervention> interventions = in.interventions();
        this.interventionColumn = new int[interventions.size()];
        int steps = 0;
        boolean changesUnseen = false;
        for (int j = 0; j < interventions.size(); j++) {
            Intervention step = interventions.get(j);
            if (varies(step, 0, fitLast)) {
                interventionColumn[j] = steps++;
            } else {
                interventionColumn[j] = -1;
                // constant where fitted: does it take another value at an observed post-period point?
                changesUnseen |= !joint && varies(step, 0, len - 1);
            }
        }
        this.needsJoint = changesUnseen;

        int seasonal = season == 0 ? 0 : season - 1;
        ImpactInput.Blocks blocks = in.blocks();
        this.blockColumns = blocks == null ? 0 : blocks.count() - 1;
        this.firstControl = 1 + seasonal + blockColumns;
        int firstStep = firstControl + controls;
        this.k = firstStep + steps + (joint ? 1 : 0);
        for (int j = 0; j < interventionColumn.length; j++) {
            if (interventionColumn[j] >= 0) {
                interventionColumn[j] += firstStep;
            }
        }
        this.x = new double[k][len];
        java.util.Arrays.fill(x[0], 1.0);
        for (int j = 1; j <= seasonal; j++) {
            for (int i = 0; i < len; i++) {
                int phase = Math.floorMod(preStart + i, season);
                x[j][i] = phase == j ? 1.0 : phase == 0 ? -1.0 : 0.0;
            }
        }
        for (int j = 1; j <= blockColumns; j++) {
            for (int i = 0; i < len; i++) {
                int level = blocks.level(preStart + i);
                x[seasonal + j][i] = level == j ? 1.0 : level == 0 ? -1.0 : 0.0;
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
            double[] column = x[firstControl + c];
            for (int i = 0; i < len; i++) {
                column[i] = (series[preStart + i] - m) / s;
            }
        }
        for (int j = 0; j < interventionColumn.length; j++) {
            if (interventionColumn[j] >= 0) {
                Intervention step = interventions.get(j);
                double[] column = x[interventionColumn[j]];
                for (int i = 0; i < len; i++) {
                    column[i] = step.at(preStart + i);
                }
            }
        }
        if (joint) {
            double[] own = x[k - 1];
            for (int i = postStart - preStart; i < len; i++) {
                own[i] = 1.0;
            }
        }
        if (joint && fitObserved < k + 2) {
            throw new InvalidInputException(
                    "interventions",
                    "needs at least " + (k + 2) + " observed values to estimate the overlapping interventions");
        }
        if (preObserved < k + 2 && !joint) {
            throw new InvalidInputException(
                    "prePeriod",
                    "needs at least " + (k + 2) + " observed response values for this model (intercept"
                            + (seasonal > 0 ? ", " + seasonal + " seasonal effects" : "")
                            + (blockColumns > 0 ? ", " + blockColumns + " day-of-week effects" : "")
                            + (controls > 0 ? ", " + controls + " control coefficients" : "")
                            + " and two degrees of freedom)");
        }
    }

    /** Whether the step takes both values at observed points with array indices {@code from..to}. */
    private boolean varies(Intervention step, int from, int to) {
        boolean on = false;
        boolean off = false;
        for (int i = from; i <= to; i++) {
            if (!Double.isNaN(y[i])) {
                if (step.at(preStart + i) > 0) {
                    on = true;
                } else {
                    off = true;
                }
            }
        }
        return on && off;
    }

    /** Number of fixed effects that are step columns of other interventions. */
    int interventionColumns() {
        int n = 0;
        for (int c : interventionColumn) {
            n += c >= 0 ? 1 : 0;
        }
        return n;
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
