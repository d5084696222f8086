package dev.whatmoved.attribution.model;

/**
 * What an {@link ImpactAnalysis} will cost, estimated from the request's shape before it runs, so that a request too
 * large for one CPU can be refused at once.
 *
 * <p>The analysis is made of filter passes over its window (the points from the pre-period's start to the
 * post-period's end): the optimiser's steps, {@link ImpactAnalysis#DRAWS} parameter draws and up to {@link
 * PlaceboCalibration#MAX_DATES} placebo dates, on each of the two scales; and, for each control, the same on the
 * control alone, on the additive scale. A pass costs about {@code (k + 16)^2} per point, {@code k} being the fixed
 * effects (the intercept, {@code season - 1} seasonal effects, one per control): the filter updates their {@code k^2 /
 * 2} cross-products at every point, and the rest of a step costs about as much as 16 more columns.
 *
 * <p>So: {@code units = window * (MAIN_PASSES * (k + 16)^2 + controls * CONTROL_PASSES * (season effects + 16)^2)}.
 * Counted on analyses of 90 to 10,000 points: 410 to 600 passes without controls, 180 to 245 more per control. A unit
 * is a fraction of a nanosecond of one core on an idle 2-core machine, a few under heavy load; see {@code
 * docs/api.md}.
 *
 * @param window points from the pre-period's start to the post-period's end
 * @param controls control series
 * @param season the seasonal period, 0 for none
 * @param units the estimated work
 */
public record AnalysisWork(int window, int controls, int season, long units) {

    /** Optimiser steps of one scale's mode (the optimiser stops at 600; it converges in about 150). */
    static final int OPTIMISER_STEPS = 150;
    /** Optimiser steps of a control's check, with the other passes of the check (counted: 180 to 245 passes in all). */
    static final int CONTROL_OPTIMISER_STEPS = 120;

    static final int MAIN_PASSES = 2 * (OPTIMISER_STEPS + ImpactAnalysis.DRAWS + PlaceboCalibration.MAX_DATES);
    static final int CONTROL_PASSES = CONTROL_OPTIMISER_STEPS + ImpactAnalysis.DRAWS + PlaceboCalibration.MAX_DATES;
    static final int STEP_OVERHEAD = 16;

    public static AnalysisWork of(int window, int controls, int season) {
        return new AnalysisWork(window, controls, season, perPoint(controls, season) * window);
    }

    /** The estimated work of one point of the window. */
    static long perPoint(int controls, int season) {
        long seasonal = 1 + (season > 1 ? season - 1 : 0);
        long k = seasonal + controls;
        return MAIN_PASSES * square(k + STEP_OVERHEAD) + controls * CONTROL_PASSES * square(seasonal + STEP_OVERHEAD);
    }

    /** The longest window that fits {@code budget} with these controls and season. */
    public long longestWindowWithin(long budget) {
        return budget / perPoint(controls, season);
    }

    /** The most controls that fit {@code budget} with this window and season; -1 when not even none fits. */
    public int mostControlsWithin(long budget) {
        for (int c = controls; c >= 0; c--) {
            if (perPoint(c, season) * window <= budget) {
                return c;
            }
        }
        return -1;
    }

    /** The longest season (at least 2) that fits {@code budget} with this window and controls; 0 when none does. */
    public int longestSeasonWithin(long budget) {
        for (int s = season; s >= 2; s--) {
            if (perPoint(controls, s) * window <= budget) {
                return s;
            }
        }
        return 0;
    }

    public boolean fits(long budget) {
        return units <= budget;
    }

    private static long square(long v) {
        return v * v;
    }
}
