package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.calibration.CalibrationReport;
import dev.whatmoved.attribution.calibration.TrackRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The answer of {@code GET /api/calibration}: the filter, the scores and every prediction in scope. */
public record CalibrationView(
        String team,
        String owner,
        LocalDate from,
        LocalDate to,
        CalibrationReport.Counts counts,
        Double directionHitRate,
        Double brierScore,
        Double medianPredictedToMeasured,
        Double rangeCoverage,
        List<CalibrationReport.ReliabilityBin> reliability,
        List<PredictionScore> predictions) {

    public record PredictionScore(
            String featureKey,
            String title,
            String team,
            String owner,
            int predictionNumber,
            String metric,
            String direction,
            Double expectedChangePct,
            Double lowPct,
            Double highPct,
            Double confidence,
            LocalDate shipped,
            UUID releaseId,
            Integer checkpointDays,
            Double measuredChangePct,
            Double measuredLowerPct,
            Double measuredUpperPct,
            String verdict,
            Boolean hit,
            Boolean inRange,
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
                report.predictions().stream().map(PredictionScore::of).toList());
    }
}
