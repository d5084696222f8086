package dev.whatmoved.console.client;

/**
 * What a prediction said, as both a feature's prediction ({@link FeatureDetail.Prediction}) and the snapshot an outcome
 * carries ({@link Outcome.Prediction}) answer it: the fields the pages write a predicted change from.
 */
public interface PredictedChange {

    /** {@code up} or {@code down} (for a guardrail, its good direction), or null. */
    String direction();

    /** The predicted change in percent, or null (a guardrail, or a prediction of a direction only). */
    Double expectedChangePct();

    /** The low end of the plausible range in percent, or null. */
    Double lowPct();

    /** The high end of the plausible range in percent, or null. */
    Double highPct();

    /** Whether it is a guardrail (the metric must not degrade beyond {@link #tolerancePct()}), or null. */
    Boolean guardrail();

    /** How far a guardrail's metric may degrade in percent, or null. */
    Double tolerancePct();

    /** Whether it is a guardrail; an answer without the field is none. */
    default boolean isGuardrail() {
        return Boolean.TRUE.equals(guardrail());
    }
}
