package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.model.BeforeAfter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What is known of a release's effect on each metric its features should move. */
public record ReleaseOutcomes(
        UUID releaseId,
        String service,
        String version,
        String environment,
        Instant deployedAt,
        List<String> features,
        List<Outcome> outcomes) {

    /**
     * The effect on one metric.
     *
     * @param features the release's features that predicted a move of this metric
     * @param method how it was measured: {@code before-after}, the foundation's placeholder
     * @param value what one day's value is: the daily sum of the metric's points
     */
    public record Outcome(
            String metric,
            List<String> features,
            String method,
            String value,
            String status,
            BeforeAfter.Window before,
            BeforeAfter.Window after,
            Double absoluteChange,
            Double relativeChange,
            String caveat) {}
}
