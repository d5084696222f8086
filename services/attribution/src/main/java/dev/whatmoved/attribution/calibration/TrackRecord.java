package dev.whatmoved.attribution.calibration;

import dev.whatmoved.attribution.model.Direction;
import java.time.LocalDate;
import java.util.UUID;

/**
 * How one prediction of a shipped feature fared: the verdict of the latest measured checkpoint of the feature's first
 * release (its "ship"), or pending while none is measured. Changes are in percent; {@code expectedChangePct}, {@code
 * lowPct} and {@code highPct} are magnitudes in the predicted direction, as the feature states them; the measured
 * figures are signed (a fall is negative). {@code earlyRead}: the checkpoint judged is not yet the prediction's last
 * (the one at its horizon), so the verdict is an interim one, decided at that look's alpha-spending boundary.
 * {@code committedAfterShip}: the prediction was committed after the feature's first release was deployed, so whoever
 * made it could already see the metric move; it is listed, flagged and not scored (like {@code amendedAfterShip}).
 */
public record TrackRecord(
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
        boolean guardrail,
        boolean amendedAfterShip,
        boolean committedAfterShip,
        LocalDate shipped,
        UUID releaseId,
        Integer checkpointDays,
        String verdict,
        Double measuredChangePct,
        Double measuredLowerPct,
        Double measuredUpperPct,
        boolean earlyRead) {

    public static final String MOVED_AS_PREDICTED = "moved-as-predicted";
    public static final String MOVED_OPPOSITE = "moved-opposite";
    public static final String NO_DETECTABLE_CHANGE = "no-detectable-change";
    public static final String INCONCLUSIVE = "inconclusive";
    public static final String PENDING = "pending";

    /** A verdict that says something about the prediction: it moved (either way) or detectably did not. */
    public boolean scored() {
        return !guardrail
                && !amendedAfterShip
                && !committedAfterShip
                && (MOVED_AS_PREDICTED.equals(verdict)
                        || MOVED_OPPOSITE.equals(verdict)
                        || NO_DETECTABLE_CHANGE.equals(verdict));
    }

    /** The prediction came true: the metric moved in the stated direction, the interval excluding zero. */
    public boolean hit() {
        return MOVED_AS_PREDICTED.equals(verdict);
    }

    /** The measured change in the predicted direction (positive when it went the predicted way), or null. */
    public Double measuredInPredictedDirection() {
        if (measuredChangePct == null) {
            return null;
        }
        return Direction.sign(direction) * measuredChangePct;
    }

    /** Whether the measured change fell inside the stated range; null when no range was stated or nothing measured. */
    public Boolean inRange() {
        Double measured = measuredInPredictedDirection();
        if (lowPct == null || highPct == null || measured == null) {
            return null;
        }
        return measured >= lowPct && measured <= highPct;
    }
}
