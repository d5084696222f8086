package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Feature;
import dev.whatmoved.features.domain.PredictionVersion;
import dev.whatmoved.features.domain.Release;
import dev.whatmoved.features.domain.ScorecardEntry;
import dev.whatmoved.features.review.PredictionReview;
import dev.whatmoved.features.review.Reviews;
import dev.whatmoved.features.service.FeatureDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A feature with its current predictions, their whole history, the releases that shipped it and its scorecard.
 *
 * @param scorecard the latest outcome per prediction, checkpoint and release
 * @param warnings for a draft or committed feature: each current prediction that no checkpoint can detect (from its
 *     review), or that the predictions could not be reviewed; empty otherwise
 */
public record FeatureView(
        String key,
        String title,
        String team,
        String owner,
        @Schema(nullable = true) String problem,
        String status,
        Instant createdAt,
        @Schema(nullable = true) Instant committedAt,
        @Schema(nullable = true) Instant shippedAt,
        @Schema(nullable = true) Instant horizonEndsAt,
        @Schema(nullable = true) Instant retiredAt,
        @Schema(nullable = true) Tracker tracker,
        List<PredictionView> predictions,
        List<PredictionView> history,
        List<ReleaseSummary> releases,
        List<ScoreView> scorecard,
        List<String> warnings) {

    /** The feature's ticket in the team's tracker. */
    public record Tracker(String key, @Schema(nullable = true) String url) {

        static Tracker of(Feature f) {
            return f.trackerKey == null ? null : new Tracker(f.trackerKey, f.trackerUrl);
        }
    }

    /**
     * The same answer with the reviews of its current predictions (one per prediction, in their order) and their
     * warnings; unchanged when there are none.
     */
    FeatureView withReviews(Reviews reviews) {
        if (reviews.perPrediction().isEmpty()) {
            return this;
        }
        List<PredictionView> reviewed = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            reviewed.add(predictions.get(i).withReview(reviews.perPrediction().get(i)));
        }
        return new FeatureView(
                key,
                title,
                team,
                owner,
                problem,
                status,
                createdAt,
                committedAt,
                shippedAt,
                horizonEndsAt,
                retiredAt,
                tracker,
                List.copyOf(reviewed),
                history,
                releases,
                scorecard,
                List.copyOf(reviews.warnings()));
    }

    /**
     * One version of a prediction.
     *
     * @param review what its metric can detect (current predictions of draft and committed features, in the answers
     *     about one feature); null otherwise
     */
    public record PredictionView(
            int number,
            int version,
            String metric,
            String direction,
            @Schema(nullable = true) Double expectedChangePct,
            @Schema(nullable = true) Double lowPct,
            @Schema(nullable = true) Double highPct,
            double confidence,
            int horizonDays,
            boolean guardrail,
            @Schema(nullable = true) Double tolerancePct,
            Instant createdAt,
            @Schema(nullable = true) Instant supersededAt,
            @Schema(nullable = true) String amendmentReason,
            boolean amendedAfterShip,
            @Schema(nullable = true) PredictionReview review) {

        public PredictionView withReview(PredictionReview withReview) {
            return new PredictionView(
                    number,
                    version,
                    metric,
                    direction,
                    expectedChangePct,
                    lowPct,
                    highPct,
                    confidence,
                    horizonDays,
                    guardrail,
                    tolerancePct,
                    createdAt,
                    supersededAt,
                    amendmentReason,
                    amendedAfterShip,
                    withReview);
        }

        static PredictionView of(PredictionVersion p) {
            return new PredictionView(
                    p.number,
                    p.version,
                    p.metric,
                    p.direction,
                    p.expectedChangePct,
                    p.lowPct,
                    p.highPct,
                    p.confidence,
                    p.horizonDays,
                    p.guardrail,
                    p.tolerancePct,
                    p.createdAt,
                    p.supersededAt,
                    p.amendmentReason,
                    p.amendedAfterShip,
                    null);
        }
    }

    public record ReleaseSummary(
            UUID id, String service, String version, String environment, Instant deployedAt, String state) {

        static ReleaseSummary of(Release r) {
            return new ReleaseSummary(r.id, r.service, r.version, r.environment, r.deployedAt, r.state);
        }
    }

    public record ScoreView(
            int predictionNumber,
            int predictionVersion,
            int checkpointDays,
            UUID releaseId,
            String metric,
            String verdict,
            Double relEffectPct,
            Double relEffectLowerPct,
            Double relEffectUpperPct,
            Double p,
            String method,
            int outcomeVersion,
            Instant measuredAt) {

        static ScoreView of(ScorecardEntry e) {
            return new ScoreView(
                    e.predictionNumber,
                    e.predictionVersion,
                    e.checkpointDays,
                    e.releaseId,
                    e.metric,
                    e.verdict,
                    e.relEffectPct,
                    e.relEffectLowerPct,
                    e.relEffectUpperPct,
                    e.p,
                    e.method,
                    e.outcomeVersion,
                    e.measuredAt);
        }
    }

    static FeatureView of(FeatureDetails details) {
        Feature f = details.feature();
        List<PredictionVersion> history = details.history();
        return new FeatureView(
                f.key,
                f.title,
                f.team,
                f.owner,
                f.problem,
                details.status(),
                f.createdAt,
                f.committedAt,
                f.shippedAt,
                f.horizonEndsAt,
                f.retiredAt,
                Tracker.of(f),
                details.current().stream().map(PredictionView::of).toList(),
                history.stream().map(PredictionView::of).toList(),
                details.releases().stream().map(ReleaseSummary::of).toList(),
                details.scorecard().stream().map(ScoreView::of).toList(),
                List.of());
    }
}
