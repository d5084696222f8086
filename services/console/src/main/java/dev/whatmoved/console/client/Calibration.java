package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * How well a team, an owner or everyone predicts, as attribution answers it ({@code GET /api/calibration}, its {@code
 * CalibrationView}): the fields the calibration page, the per-scope tables and the features list read. Every scalar is
 * boxed, and {@code counts} and {@code relative} may be null, as an older attribution answers without them.
 *
 * @param counts how many predictions were in scope and what became of them, or null
 * @param directionHitRate the share scored whose metric moved the predicted way, or null
 * @param brierScore the Brier score of the stated confidences, or null
 * @param medianPredictedToMeasured the median of predicted ÷ measured change, or null
 * @param rangeCoverage the share of stated ranges that covered the measurement, or null
 * @param reliability the reliability diagram's bins (none when absent)
 * @param predictions every prediction in scope (none when absent)
 * @param quarters the scores per quarter of the ship day, oldest first (none when absent)
 * @param relative the Brier score against the median peer's, or null
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(
        Counts counts,
        Double directionHitRate,
        Double brierScore,
        Double medianPredictedToMeasured,
        Double rangeCoverage,
        List<ReliabilityBin> reliability,
        List<PredictionScore> predictions,
        List<Quarter> quarters,
        Relative relative) {

    /** What a page holds when attribution did not answer: every figure null, no prediction. */
    public static final Calibration NONE = new Calibration(null, null, null, null, null, null, null, null, null);

    public Calibration {
        reliability = reliability == null ? List.of() : reliability;
        predictions = predictions == null ? List.of() : predictions;
        quarters = quarters == null ? List.of() : quarters;
    }

    /** Attribution's {@code CalibrationReport.Counts}. */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(
            Integer predictions,
            Integer scored,
            Integer pending,
            Integer inconclusive,
            Integer excludedAmendedAfterShip,
            Integer excludedCommittedAfterShip) {}

    /** One bar of the reliability diagram: predictions stated with a confidence in {@code [from, to)}. */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReliabilityBin(Double from, Double to, Double statedConfidence, Double hitRate, Integer count) {}

    /**
     * One prediction in scope (attribution's {@code CalibrationView.PredictionScore}).
     *
     * @param measuredChangePct the change measured in percent, or null until measured
     * @param verdict the verdict it was scored with, or null
     * @param hit whether the metric moved the predicted way, or null when not scored
     * @param amendedAfterShip amended after ship: listed, not scored
     * @param committedAfterShip committed after ship: listed, not scored
     * @param earlyRead judged on a checkpoint before its horizon
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PredictionScore(
            String featureKey,
            String owner,
            Integer predictionNumber,
            String metric,
            String direction,
            Double expectedChangePct,
            Double confidence,
            Integer checkpointDays,
            Double measuredChangePct,
            Double measuredLowerPct,
            Double measuredUpperPct,
            String verdict,
            Boolean hit,
            Boolean amendedAfterShip,
            Boolean committedAfterShip,
            Boolean earlyRead) {

        /** Made or changed once the metric could be seen: listed, not drawn among the scored. */
        public boolean unscored() {
            return Boolean.TRUE.equals(amendedAfterShip) || Boolean.TRUE.equals(committedAfterShip);
        }
    }

    /**
     * One quarter of the ship day (attribution's {@code CalibrationTrend.Quarter}).
     *
     * @param quarter e.g. {@code 2026-Q3}
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quarter(
            String quarter, Integer predictions, Integer scored, Double brierScore, Double directionHitRate) {}

    /**
     * The scope's Brier score against its peers' (attribution's {@code CalibrationTrend.Relative}).
     *
     * @param peers {@code team} or {@code owner}
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Relative(String peers, Integer peersScored, Double medianBrierScore, Double relativeBrierScore) {}
}
