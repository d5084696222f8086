package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.model.BeforeAfter;
import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.attribution.service.ReleaseReport;
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
    static final String BASELINE_METHOD = "before-after";

    static final String BASELINE_CAVEAT = "for reference only: a plain before/after comparison ignores trend, weekly"
            + " seasonality and overlapping releases, and has no interval; the outcomes are the measurement";

    static ReleaseOutcomes of(ReleaseReport report) {
        var release = report.release();
        var rollback = report.rollback();
        return new ReleaseOutcomes(
                release.id,
                release.service,
                release.version,
                release.environment,
                release.deployedAt,
                List.of(release.features),
                rollback == null ? "deployed" : "rolled-back",
                rollback == null ? null : rollback.rolledBackAt,
                OutcomeEngine.METHOD,
                report.outcomes().stream().map(OutcomeView::of).toList(),
                new Baseline(
                        BASELINE_METHOD,
                        OutcomeEngine.VALUE,
                        BASELINE_CAVEAT,
                        report.baseline().stream().map(BaselineMetric::of).toList()));
    }

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
            @Schema(nullable = true) Double relativeChange) {

        static BaselineMetric of(ReleaseReport.BaselineMetric m) {
            BeforeAfter.Comparison comparison = m.comparison();
            return new BaselineMetric(
                    m.metric(),
                    m.featureKeys(),
                    comparison.status(),
                    comparison.before(),
                    comparison.after(),
                    comparison.absoluteChange(),
                    comparison.relativeChange());
        }
    }
}
