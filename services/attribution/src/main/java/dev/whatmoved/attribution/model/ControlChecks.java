package dev.whatmoved.attribution.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Tests each control for a change at the intervention: a control is only a control if the release could not move it.
 * Each control is analysed as a response of its own (the same periods, season and other interventions, no controls,
 * the additive scale, its interval calibrated on the control's own history when there is one). A control whose
 * interval at {@link #CONTROL_ALPHA} excludes zero moved with the release: it is flagged in the answer, never silently
 * used; at {@link #DROP_ALPHA} it is also left out (a control that carries part of the effect would hide it).
 */
final class ControlChecks {

    /**
     * The two-sided level of the test. Lenient on purpose: leaving out a control that did not move costs some power,
     * using one that moved biases the effect; and a control is noisy on its own, so a leak is hard to see.
     */
    static final double CONTROL_ALPHA = 0.10;

    /**
     * The two-sided level below which a control that moved is left out, not only flagged. Strict on purpose: a control
     * that shares the response's shocks moves with them, and leaving it out exactly when a shock hit at the release
     * would hand that shock to the release (in the simulation study, leaving out at 0.01 raised the false "moved" rate
     * of honest controls from 0.063 to 0.075 and improved a leaky control's coverage only from 0.50 to 0.53).
     */
    static final double DROP_ALPHA = 0.001;

    private ControlChecks() {}

    static List<ImpactResult.ControlCheck> check(ImpactInput input) {
        List<ImpactResult.ControlCheck> checks = new ArrayList<>();
        for (int c = 0; c < input.controlCount(); c++) {
            ImpactInput alone = new ImpactInput(
                    input.controls()[c],
                    new double[0][],
                    input.preStart(),
                    input.preEnd(),
                    input.postStart(),
                    input.postEnd(),
                    input.alpha(),
                    input.season(),
                    input.interventions(),
                    input.alpha(),
                    input.blocks());
            try {
                ScaleFit fit = ScaleFit.mode(alone, false, 1e-2, 200);
                if (fit.design.needsJoint) {
                    checks.add(new ImpactResult.ControlCheck(c, null, 1, false, true));
                    continue;
                }
                fit.draw();
                double factor = PlaceboCalibration.calibrate(fit, true).factor();
                PredictiveMixture mixture = fit.ownSpace(factor);
                double actual = fit.actualSum();
                double below = mixture.cdf(actual);
                double p = Math.min(below, 1 - below);
                boolean moved = p < CONTROL_ALPHA / 2;
                boolean dropped = p < DROP_ALPHA / 2;
                double predicted = mixture.mean();
                Double rel = predicted == 0 ? null : (actual - predicted) / Math.abs(predicted);
                checks.add(new ImpactResult.ControlCheck(c, rel, p, moved, !dropped));
            } catch (InvalidInputException e) {
                // a control the model cannot analyse on its own (too short, constant) is used as before, untested
                checks.add(new ImpactResult.ControlCheck(c, null, 1, false, true));
            }
        }
        return List.copyOf(checks);
    }

    /** The controls that passed, in their order. */
    static double[][] used(ImpactInput input, List<ImpactResult.ControlCheck> checks) {
        return checks.stream()
                .filter(ImpactResult.ControlCheck::used)
                .map(check -> input.controls()[check.index()])
                .toArray(double[][]::new);
    }
}
