package dev.whatmoved.attribution.calibration;

import java.util.List;

/**
 * A team's or owner's calibration over the predictions of the features it shipped in a period.
 *
 * @param quarters the Brier score and hit rate per quarter of the ship day, oldest first
 * @param relative the Brier score against the median of the organisation's teams (or owners)
 */
public record CalibrationReport(
        Counts counts,
        Double directionHitRate,
        Double brierScore,
        Double medianPredictedToMeasured,
        Double rangeCoverage,
        List<ReliabilityBin> reliability,
        List<TrackRecord> predictions,
        List<CalibrationTrend.Quarter> quarters,
        CalibrationTrend.Relative relative) {

    /**
     * How many predictions were in scope ({@code predictions}: every non-guardrail prediction of a shipped feature),
     * and what became of them. {@code scored} + {@code pending} + {@code inconclusive} + {@code
     * excludedAmendedAfterShip} + {@code excludedCommittedAfterShip} = {@code predictions}; guardrails are counted
     * apart. A prediction both committed and amended after ship counts once, as amended.
     */
    public record Counts(
            int predictions,
            int scored,
            int pending,
            int inconclusive,
            int guardrails,
            int excludedAmendedAfterShip,
            int excludedCommittedAfterShip) {}

    /** One bar of the reliability diagram: predictions stated with a confidence in {@code [from, to)}. */
    public record ReliabilityBin(double from, double to, double statedConfidence, double hitRate, int count) {}
}
