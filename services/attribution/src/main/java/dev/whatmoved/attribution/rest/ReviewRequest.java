package dev.whatmoved.attribution.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Predictions to review before a release: what each metric's history can detect. Checked by {@code ReviewService},
 * which names the field at fault.
 *
 * @param predictions at most 20, answered in the same order
 */
public record ReviewRequest(List<PredictionToReview> predictions) {

    /**
     * @param metric the metric's key
     * @param direction {@code up} or {@code down} (a guardrail: its good direction)
     * @param changePct the predicted change, percent (a magnitude), or for a guardrail its tolerance; optional
     * @param horizonDays the prediction's horizon (default 90): the checkpoints up to it are its looks
     * @param guardrail whether {@code changePct} is a guardrail's tolerated degradation
     */
    public record PredictionToReview(
            @Schema(examples = "checkout.conversions") String metric,
            @Schema(enumeration = {"up", "down"}) String direction,
            @Schema(nullable = true, examples = "1.0") Double changePct,
            @Schema(nullable = true, examples = "90") Integer horizonDays,
            @Schema(nullable = true) Boolean guardrail) {

        dev.whatmoved.attribution.service.PredictionToReview toReview() {
            return new dev.whatmoved.attribution.service.PredictionToReview(
                    metric, direction, changePct, horizonDays, guardrail);
        }
    }

    /** The predictions as the service takes them: null when absent, a null element where the request had one. */
    List<dev.whatmoved.attribution.service.PredictionToReview> toReviews() {
        return predictions == null
                ? null
                : predictions.stream().map(p -> p == null ? null : p.toReview()).toList();
    }
}
