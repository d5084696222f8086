package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.calibration.CalibrationReport;
import dev.whatmoved.attribution.calibration.CalibrationTrend;
import dev.whatmoved.attribution.calibration.TrackRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /api/calibration}: the filter, the scores and every prediction in scope. */
public record CalibrationView(
        @Schema(nullable = true) String team,
        @Schema(nullable = true) String owner,
        LocalDate from,
        LocalDate to,
        CalibrationReport.Counts counts,
        @Schema(nullable = true) Double directionHitRate,
        @Schema(nullable = true) Double brierScore,
        @Schema(nullable = true) Double medianPredictedToMeasured,
        @Schema(nullable = true) Double rangeCoverage,
        List<CalibrationReport.ReliabilityBin> reliability,
        List<PredictionScore> predictions,
        List<CalibrationTrend.Quarter> quarters,
        CalibrationTrend.Relative relative) {

    public record PredictionScore(
            String featureKey,
            @Schema(nullable = true) String title,
            String team,
            String owner,
            int predictionNumber,
            String metric,
            String direction,
            @Schema(nullable = true) Double expectedChangePct,
            @Schema(nullable = true) Double lowPct,
            @Schema(nullable = true) Double highPct,
            @Schema(nullable = true) Double confidence,
            @Schema(nullable = true) LocalDate shipped,
            @Schema(nullable = true) UUID releaseId,
            @Schema(nullable = true) Integer checkpointDays,
            @Schema(nullable = true) Double measuredChangePct,
            @Schema(nullable = true) Double measuredLowerPct,
            @Schema(nullable = true) Double measuredUpperPct,
            @Schema(nullable = true) String verdict,
            @Schema(nullable = true) Boolean hit,
            @Schema(nullable = true) Boolean inRange,
            boolean amendedAfterShip,
            boolean committedAfterShip,
            boolean earlyRead) {

        static PredictionScore of(TrackRecord r) {
            return new PredictionScore(
                    r.featureKey(),
                    r.title(),
                    r.team(),
                    r.owner(),
                    r.predictionNumber(),
                    r.metric(),
                    r.direction(),
                    r.expectedChangePct(),
                    r.lowPct(),
                    r.highPct(),
                    r.confidence(),
                    r.shipped(),
                    r.releaseId(),
                    r.checkpointDays(),
                    r.measuredChangePct(),
                    r.measuredLowerPct(),
                    r.measuredUpperPct(),
                    r.verdict(),
                    r.scored() ? r.hit() : null,
                    r.scored() ? r.inRange() : null,
                    r.amendedAfterShip(),
                    r.committedAfterShip(),
                    r.earlyRead());
        }
    }

    static CalibrationView of(String team, String owner, LocalDate from, LocalDate to, CalibrationReport report) {
        return new CalibrationView(
                team,
                owner,
                from,
                to,
                report.counts(),
                report.directionHitRate(),
                report.brierScore(),
                report.medianPredictedToMeasured(),
                report.rangeCoverage(),
                report.reliability(),
                report.predictions().stream().map(PredictionScore::of).toList(),
                report.quarters(),
                report.relative());
    }
}
