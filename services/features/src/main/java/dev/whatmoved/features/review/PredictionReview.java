package dev.whatmoved.features.review;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a prediction's metric can detect, from attribution: the minimum detectable effect at each checkpoint (80 %
 * power, at the level each checkpoint's verdict decides at) and the first checkpoint that could detect the predicted
 * change. Computed when the answer is made, not stored: it follows the metric's history as data arrives.
 *
 * @param available false when attribution could not be asked; then {@code reason} says why and nothing else is set
 * @param releaseDay the release day assumed (the day after the metric's last day with data)
 * @param changePct the change to detect: the predicted change, or a guardrail's tolerance, percent
 * @param firstDetectableDay the first checkpoint whose MDE is at most {@code changePct}; null: none (or nothing stated)
 * @param summary one sentence, e.g. "your +1 % on checkout.conversions cannot be told from noise before day 60"
 */
public record PredictionReview(
        boolean available,
        @Schema(nullable = true) String reason,
        @Schema(nullable = true) String method,
        @Schema(nullable = true) LocalDate releaseDay,
        @Schema(nullable = true) Double changePct,
        List<Checkpoint> checkpoints,
        @Schema(nullable = true) Integer firstDetectableDay,
        @Schema(nullable = true) String summary) {

    /**
     * @param mdePct the minimum detectable effect relative to the counterfactual, percent; null with {@code reason}
     * @param detectable whether {@code changePct} is at least it; null when either is missing
     */
    public record Checkpoint(
            int days,
            double decisionAlpha,
            @Schema(nullable = true) Double mdePct,
            @Schema(nullable = true) Boolean detectable,
            @Schema(nullable = true) String reason) {}

    static PredictionReview unavailable(String reason) {
        return new PredictionReview(false, reason, null, null, null, List.of(), null, null);
    }

    static PredictionReview of(String method, AttributionReviews.Review r) {
        return new PredictionReview(
                true,
                null,
                method,
                r.releaseDay(),
                r.changePct(),
                r.checkpoints() == null
                        ? List.of()
                        : r.checkpoints().stream()
                                .map(c -> new Checkpoint(
                                        c.days(), c.decisionAlpha(), c.mdePct(), c.detectable(), c.reason()))
                                .toList(),
                r.firstDetectableDay(),
                r.summary());
    }

    /** Whether attribution had figures and none of the checkpoints can detect the stated change. */
    public boolean undetectable() {
        return available
                && changePct != null
                && firstDetectableDay == null
                && checkpoints.stream().anyMatch(c -> c.mdePct() != null);
    }
}
