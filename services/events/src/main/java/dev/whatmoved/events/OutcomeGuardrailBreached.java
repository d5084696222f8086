package dev.whatmoved.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code dev.whatmoved.outcome.guardrail-breached.v1}: a guardrail metric degraded, after a release, by more
 * than its tolerance, and the interval of the effect excludes zero. Published with the {@code outcome.measured.v1}
 * version that found it (same subject and version); release automation may react (roll back, page).
 *
 * @param direction the guardrail's good direction ({@code up}, {@code down}); the degradation is the other way
 * @param tolerancePct the degradation tolerated, percent (a magnitude)
 * @param relEffectPct the measured relative effect, percent, with its interval
 * @param intervalBeyondTolerance whether even the interval's least degrading end is beyond the tolerance
 * @param confounders other releases of the same metric inside the window (each modelled as a step of its own)
 */
public record OutcomeGuardrailBreached(
        UUID outcomeId,
        UUID releaseId,
        String service,
        String environment,
        String featureKey,
        int predictionNumber,
        int predictionVersion,
        String metric,
        int checkpointDays,
        int version,
        String direction,
        Double tolerancePct,
        double relEffectPct,
        Double relEffectLowerPct,
        Double relEffectUpperPct,
        boolean intervalBeyondTolerance,
        Double p,
        List<UUID> confounders,
        Instant measuredAt) {}
