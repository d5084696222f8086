package dev.whatmoved.notify.digest;

import java.util.List;

/**
 * The team's calibration over the quarters, as attribution answered it when the digest was made, or why it could not
 * be read.
 *
 * @param reason why attribution could not be asked (then nothing else is set), or null
 */
public record CalibrationTrend(
        String reason, List<AttributionCalibration.Quarter> quarters, AttributionCalibration.Relative relative) {

    static CalibrationTrend unavailable(String reason) {
        return new CalibrationTrend(reason, List.of(), null);
    }

    public boolean available() {
        return reason == null;
    }
}
