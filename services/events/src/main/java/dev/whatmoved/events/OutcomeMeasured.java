package dev.whatmoved.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code dev.whatmoved.outcome.measured.v1}: the effect of one release on one predicted metric at one
 * checkpoint. Published by attribution; a later {@code version} of the same (release, feature, prediction, checkpoint)
 * replaces an earlier one (recomputed on late data).
 *
 * @param verdict {@code moved-as-predicted}, {@code moved-opposite}, {@code no-detectable-change}, {@code
 *     inconclusive} or {@code pending}
 * @param relEffectPct measured relative effect in percent, or null while pending
 */
public record OutcomeMeasured(
        UUID outcomeId,
        UUID releaseId,
        String featureKey,
        int predictionNumber,
        int predictionVersion,
        String metric,
        int checkpointDays,
        int version,
        String verdict,
        Double relEffectPct,
        Double relEffectLowerPct,
        Double relEffectUpperPct,
        Double p,
        String method,
        Instant measuredAt) {}
