package dev.whatmoved.features.service;

/**
 * What a prediction states, as the use cases take it (the REST layer maps its request onto it): the metric should move
 * {@code direction} by about {@code expectedChangePct} percent, plausibly within {@code lowPct}..{@code highPct}, within
 * {@code horizonDays} of the first release; a guardrail instead states the degradation {@code tolerancePct} it
 * tolerates. Named fields, one place: the stored version ({@code PredictionVersion}) is built from it.
 *
 * @param range the plausible range of the change, percent; null when none is stated
 */
public record PredictionTerms(
        String metric,
        String direction,
        Double expectedChangePct,
        Range range,
        double confidence,
        int horizonDays,
        boolean guardrail,
        Double tolerancePct) {

    /** The plausible range of the change, in percent. */
    public record Range(double lowPct, double highPct) {}
}
