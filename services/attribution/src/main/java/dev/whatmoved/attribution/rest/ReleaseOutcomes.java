package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.model.BeforeAfter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What is known of a release's effect on each metric its features predict: one outcome per prediction and checkpoint,
 * measured with the counterfactual model, plus the labelled before/after baseline.
 *
 * @param state {@code deployed} or {@code rolled-back}
 * @param method how the outcomes are measured: {@code state-space} (docs/statistics.md)
 * @param baseline a plain before/after comparison per metric, for reference only: not the measurement
 */
public record ReleaseOutcomes(
        UUID releaseId,
        String service,
        String version,
        String environment,
        Instant deployedAt,
        List<String> features,
        String state,
        @Schema(nullable = true) Instant rolledBackAt,
        @Schema(nullable = true) String method,
        List<OutcomeView> outcomes,
        @Schema(nullable = true) Baseline baseline) {

    /**
     * @param method {@code before-after}
     * @param caveat why it is not the measurement
     */
    public record Baseline(String method, String value, String caveat, List<BaselineMetric> metrics) {}

    /**
     * The baseline on one metric.
     *
     * @param features the release's features that predict this metric
     */
    public record BaselineMetric(
            String metric,
            List<String> features,
            String status,
            @Schema(nullable = true) BeforeAfter.Window before,
            @Schema(nullable = true) BeforeAfter.Window after,
            @Schema(nullable = true) Double absoluteChange,
            @Schema(nullable = true) Double relativeChange) {}
}
