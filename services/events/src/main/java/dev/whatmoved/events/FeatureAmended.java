package dev.whatmoved.events;

import java.time.Instant;

/**
 * Data of {@code dev.whatmoved.feature.amended.v1}: a new version of one committed prediction.
 *
 * @param prediction the new version (its {@code number} names the prediction, its {@code version} the new version)
 * @param amendedAfterShip whether the feature had shipped (a linked release existed) when it was amended; such a
 *     prediction does not count as a clean prediction in calibration
 */
public record FeatureAmended(
        String key,
        String team,
        String owner,
        Instant amendedAt,
        String reason,
        boolean amendedAfterShip,
        Prediction prediction) {}
