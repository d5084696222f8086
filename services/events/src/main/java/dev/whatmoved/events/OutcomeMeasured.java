package dev.whatmoved.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code dev.whatmoved.outcome.measured.v1}: the effect of one release on one predicted metric at one
 * checkpoint. Published by attribution; a later {@code version} of the same (release, feature, prediction, checkpoint)
 * replaces an earlier one (recomputed on late data).
 *
 * <p>The fields after {@code measuredAt} were added later and are optional: consumers of the first shape ignore them.
 *
 * @param verdict {@code moved-as-predicted}, {@code moved-opposite}, {@code no-detectable-change}, {@code
 *     inconclusive} or {@code pending}
 * @param relEffectPct measured relative effect in percent, or null while pending
 * @param direction the predicted direction ({@code up}, {@code down}); for a guardrail, the good one
 * @param absEffect the average effect per day, in the metric's units, with its interval
 * @param minimumDetectableEffectPct the relative effect the analysis would detect with 80 % power, percent
 * @param postDays days of the post-period (fewer than {@code checkpointDays} when the release was rolled back earlier)
 * @param reason why the verdict is inconclusive, or null
 * @param confounders other releases of the same metric inside the window, each modelled as a step of its own
 * @param guardrailBreached a guardrail that degraded beyond its tolerance with the interval excluding zero
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
        Instant measuredAt,
        String service,
        String environment,
        Boolean guardrail,
        String direction,
        Double expectedChangePct,
        Double tolerancePct,
        Double absEffect,
        Double absEffectLower,
        Double absEffectUpper,
        Double minimumDetectableEffectPct,
        Window window,
        Integer postDays,
        String reason,
        List<UUID> confounders,
        Boolean guardrailBreached) {

    /** The first shape of the event, without the optional fields. */
    public OutcomeMeasured(
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
            Instant measuredAt) {
        this(
                outcomeId,
                releaseId,
                featureKey,
                predictionNumber,
                predictionVersion,
                metric,
                checkpointDays,
                version,
                verdict,
                relEffectPct,
                relEffectLowerPct,
                relEffectUpperPct,
                p,
                method,
                measuredAt,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The days analysed: the pre-period the model learned from and the post-period it measured (UTC days). */
    public record Window(LocalDate preFrom, LocalDate preTo, LocalDate postFrom, LocalDate postTo) {}
}
