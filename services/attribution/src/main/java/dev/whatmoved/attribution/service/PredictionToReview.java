package dev.whatmoved.attribution.service;

/**
 * A prediction to review, as {@link ReviewService} takes it (unchecked: the service names the field at fault).
 *
 * @param direction {@code up} or {@code down}
 * @param changePct the predicted change, percent (a magnitude), or for a guardrail its tolerance; may be null
 * @param horizonDays the prediction's horizon; null: 90 days
 * @param guardrail whether {@code changePct} is a guardrail's tolerated degradation; null: not a guardrail
 */
public record PredictionToReview(
        String metric, String direction, Double changePct, Integer horizonDays, Boolean guardrail) {}
