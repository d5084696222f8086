package dev.whatmoved.attribution.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores track records (plain Java, no framework): direction hit rate, Brier score of the stated confidence, median
 * ratio of predicted to measured magnitude, coverage of stated ranges, and a reliability diagram in bins of 0.1.
 * Amended-after-ship and committed-after-ship predictions are excluded from every score (a prediction made or changed
 * once the data could be seen is not a prediction) and counted; pending and inconclusive ones are counted, not scored.
 */
public final class Calibration {

    static final double BIN_WIDTH = 0.1;

    private Calibration() {}

    /** The scores of {@code records}, compared with the teams of the same records. */
    public static CalibrationReport score(List<TrackRecord> records) {
        return score(records, records, false);
    }

    /**
     * The scores of {@code records} (a team's or owner's), its trend per quarter, and its Brier score relative to the
     * median of the peers' in {@code organisation} (owners when {@code byOwner}, else teams).
     */
    public static CalibrationReport score(List<TrackRecord> records, List<TrackRecord> organisation, boolean byOwner) {
        List<TrackRecord> inScope =
                records.stream().filter(record -> !record.guardrail()).toList();
        List<TrackRecord> scored = inScope.stream().filter(TrackRecord::scored).toList();
        int guardrails = records.size() - inScope.size();
        int amended =
                (int) inScope.stream().filter(TrackRecord::amendedAfterShip).count();
        int committedAfter = (int) inScope.stream()
                .filter(record -> !record.amendedAfterShip() && record.committedAfterShip())
                .count();
        int inconclusive = (int) inScope.stream()
                .filter(record -> !record.amendedAfterShip()
                        && !record.committedAfterShip()
                        && TrackRecord.INCONCLUSIVE.equals(record.verdict()))
                .count();
        int pending = inScope.size() - scored.size() - amended - committedAfter - inconclusive;
        return new CalibrationReport(
                new CalibrationReport.Counts(
                        inScope.size(), scored.size(), pending, inconclusive, guardrails, amended, committedAfter),
                directionHitRate(scored),
                brierScore(scored),
                medianPredictedToMeasured(scored),
                rangeCoverage(scored),
                reliability(scored),
                inScope,
                CalibrationTrend.quarters(inScope),
                CalibrationTrend.relative(brierScore(scored), organisation, byOwner));
    }

    /** Of the scored predictions whose metric detectably moved, the share that moved in the predicted direction. */
    static Double directionHitRate(List<TrackRecord> scored) {
        long moved = scored.stream()
                .filter(r -> !TrackRecord.NO_DETECTABLE_CHANGE.equals(r.verdict()))
                .count();
        if (moved == 0) {
            return null;
        }
        return scored.stream().filter(TrackRecord::hit).count() / (double) moved;
    }

    /** Mean of (stated confidence - 1 if it came true else 0)^2; 0 is perfect, 0.25 is what always saying 0.5 earns. */
    static Double brierScore(List<TrackRecord> scored) {
        double sum = 0;
        int n = 0;
        for (TrackRecord record : scored) {
            if (record.confidence() != null) {
                double outcome = record.hit() ? 1 : 0;
                sum += (record.confidence() - outcome) * (record.confidence() - outcome);
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /**
     * Median of |predicted change| / |measured change| (above 1: the team expects more than it gets). Only predictions
     * with a stated change and a non-zero measurement take part.
     */
    static Double medianPredictedToMeasured(List<TrackRecord> scored) {
        double[] ratios = scored.stream()
                .filter(r ->
                        r.expectedChangePct() != null && r.measuredChangePct() != null && r.measuredChangePct() != 0)
                .mapToDouble(r -> Math.abs(r.expectedChangePct()) / Math.abs(r.measuredChangePct()))
                .sorted()
                .toArray();
        return median(ratios);
    }

    /** Share of the scored predictions with a stated range whose measured change fell inside it. */
    static Double rangeCoverage(List<TrackRecord> scored) {
        List<Boolean> inRange = scored.stream()
                .map(TrackRecord::inRange)
                .filter(value -> value != null)
                .toList();
        if (inRange.isEmpty()) {
            return null;
        }
        return inRange.stream().filter(Boolean::booleanValue).count() / (double) inRange.size();
    }

    /** Stated confidence against hit rate, in bins of 0.1 (only bins that hold a prediction). */
    static List<CalibrationReport.ReliabilityBin> reliability(List<TrackRecord> scored) {
        int bins = (int) Math.round(1 / BIN_WIDTH);
        double[] stated = new double[bins];
        int[] hits = new int[bins];
        int[] counts = new int[bins];
        for (TrackRecord record : scored) {
            if (record.confidence() == null) {
                continue;
            }
            int bin = Math.min(bins - 1, (int) Math.floor(record.confidence() / BIN_WIDTH + 1e-9));
            stated[bin] += record.confidence();
            hits[bin] += record.hit() ? 1 : 0;
            counts[bin]++;
        }
        List<CalibrationReport.ReliabilityBin> result = new ArrayList<>();
        for (int bin = 0; bin < bins; bin++) {
            if (counts[bin] > 0) {
                result.add(new CalibrationReport.ReliabilityBin(
                        round(bin * BIN_WIDTH),
                        round((bin + 1) * BIN_WIDTH),
                        stated[bin] / counts[bin],
                        hits[bin] / (double) counts[bin],
                        counts[bin]));
            }
        }
        return result;
    }

    static Double median(double[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        double[] values = Arrays.copyOf(sorted, sorted.length);
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
