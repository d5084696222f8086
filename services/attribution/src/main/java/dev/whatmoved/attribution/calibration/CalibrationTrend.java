package dev.whatmoved.attribution.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Calibration over time and against the organisation (plain Java): the Brier score and direction hit rate per calendar
 * quarter of the ship day, oldest first (does a team learn?), and a scope's Brier score relative to the median of its
 * peers' (every team's, or every owner's, Brier score over the same period).
 */
public final class CalibrationTrend {

    private CalibrationTrend() {}

    /**
     * One quarter of a scope's predictions (by the ship day of their feature).
     *
     * @param quarter {@code 2026-Q3}
     * @param predictions the non-guardrail predictions of features shipped in it
     * @param scored those with a verdict that scores them
     */
    public record Quarter(
            String quarter,
            int predictions,
            int scored,
            @Schema(nullable = true) Double brierScore,
            @Schema(nullable = true) Double directionHitRate) {}

    /**
     * A scope's Brier score against its peers'.
     *
     * @param peers {@code team} or {@code owner}: whose Brier scores the median is taken over
     * @param peersScored how many peers have a Brier score in the period
     * @param medianBrierScore the median of the peers' Brier scores, or null when none has one
     * @param relativeBrierScore the scope's Brier score divided by that median (below 1: better than the middle peer),
     *     or null when either is missing or the median is 0
     */
    public record Relative(
            String peers,
            int peersScored,
            @Schema(nullable = true) Double medianBrierScore,
            @Schema(nullable = true) Double relativeBrierScore) {}

    /** Per quarter of the ship day, oldest first; quarters without a prediction are left out. */
    public static List<Quarter> quarters(List<TrackRecord> records) {
        Map<String, List<TrackRecord>> byQuarter = records.stream()
                .filter(record -> !record.guardrail() && record.shipped() != null)
                .collect(Collectors.groupingBy(
                        record -> Period.QUARTER.label(record.shipped()), TreeMap::new, Collectors.toList()));
        List<Quarter> quarters = new ArrayList<>();
        byQuarter.forEach((quarter, inQuarter) -> {
            List<TrackRecord> scored =
                    inQuarter.stream().filter(TrackRecord::scored).toList();
            quarters.add(new Quarter(
                    quarter,
                    inQuarter.size(),
                    scored.size(),
                    Calibration.brierScore(scored),
                    Calibration.directionHitRate(scored)));
        });
        return quarters;
    }

    /**
     * @param scopeBrier the scope's own Brier score (null when nothing is scored)
     * @param organisation every prediction of the organisation in the period
     * @param byOwner whether the peers are owners (else teams)
     */
    public static Relative relative(Double scopeBrier, List<TrackRecord> organisation, boolean byOwner) {
        Function<TrackRecord, String> peer = byOwner ? TrackRecord::owner : TrackRecord::team;
        Map<String, List<TrackRecord>> byPeer = organisation.stream()
                .filter(TrackRecord::scored)
                .filter(record -> peer.apply(record) != null)
                .collect(Collectors.groupingBy(peer));
        double[] briers = byPeer.values().stream()
                .map(Calibration::brierScore)
                .filter(brier -> brier != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
        Double median = Calibration.median(briers);
        Double relative = scopeBrier == null || median == null || median == 0 ? null : scopeBrier / median;
        return new Relative(byOwner ? "owner" : "team", briers.length, median, relative);
    }
}
