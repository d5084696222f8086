package dev.whatmoved.events;

/**
 * A pre-registered prediction as events carry it.
 *
 * @param number the prediction's number within its feature (1, 2, ...), stable across amendments
 * @param version 1 for the committed prediction, +1 for each amendment
 * @param metric the metric that should move
 * @param direction {@code up} or {@code down}
 * @param expectedChangePct expected relative change of the metric, in percent (e.g. 3.0 for +3 %; the sign follows
 *     {@code direction})
 * @param lowPct lower end of the plausible range of the change, in percent, or null
 * @param highPct upper end of the plausible range, or null
 * @param confidence probability, stated before the work, that the metric moves in {@code direction} (0.5 to 0.99)
 * @param horizonDays how long after the first release the prediction is measured (1 to 365)
 * @param guardrail whether this is a guardrail (a metric that must not degrade) rather than a hoped-for move
 * @param tolerancePct for a guardrail: how much degradation, in percent, is tolerated
 */
public record Prediction(
        int number,
        int version,
        String metric,
        String direction,
        Double expectedChangePct,
        Double lowPct,
        Double highPct,
        Double confidence,
        int horizonDays,
        boolean guardrail,
        Double tolerancePct) {}
