package dev.whatmoved.features.review;

import dev.whatmoved.features.config.ReviewConfig;
import dev.whatmoved.features.domain.Feature;
import dev.whatmoved.features.domain.PredictionVersion;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Attribution's review of the current predictions of a draft or committed (not yet shipped) feature, and a warning for each prediction that no checkpoint can detect. Attribution owns the rollups and the model, so it
 * computes; features asks it synchronously, with the caller's own token, because the answer is wanted now and nothing
 * is stored. When attribution cannot answer (down, slow, refusing), the feature's answer goes without the review and
 * says why: registering a feature never depends on attribution.
 */
@ApplicationScoped
public class PredictionReviews {

    private final ReviewConfig config;
    private final AttributionReviews attribution;

    public PredictionReviews(ReviewConfig config) {
        this.config = config;
        this.attribution = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.attributionUrl())
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(AttributionReviews.class);
    }

    /**
     * A review of each current prediction (drafts and committed features only; none otherwise).
     *
     * @param status the status the reader sees now
     * @param current the feature's current predictions, in the order of its answer
     */
    public Uni<Reviews> review(
            String featureKey, String status, List<PredictionVersion> current, String authorization) {
        boolean beforeShip = Feature.DRAFT.equals(status) || Feature.COMMITTED.equals(status);
        if (!beforeShip || current.isEmpty()) {
            return Uni.createFrom().item(Reviews.none());
        }
        if (!config.enabled()) {
            return Uni.createFrom()
                    .item(reviews(current, null, "reviews are turned off here (whatmoved.review.enabled=false)"));
        }
        AttributionReviews.Request request = new AttributionReviews.Request(current.stream()
                .map(p -> new AttributionReviews.Prediction(
                        p.metric,
                        p.direction,
                        p.guardrail ? p.tolerancePct : p.expectedChangePct,
                        p.horizonDays,
                        p.guardrail))
                .toList());
        return attribution
                .review(authorization, request)
                .ifNoItem()
                .after(config.timeout())
                .fail()
                .map(answer -> answer.reviews() == null || answer.reviews().size() != current.size()
                        ? reviews(current, null, "attribution answered without a review per prediction")
                        : reviews(current, answer, null))
                .onFailure()
                .recoverWithItem(failure -> {
                    String reason = reason(failure);
                    Log.warnf("feature %s answered without its review: %s", featureKey, reason);
                    return reviews(current, null, reason);
                });
    }

    private String reason(Throwable failure) {
        String at = " at " + config.attributionUrl();
        if (failure instanceof TimeoutException || failure instanceof java.util.concurrent.TimeoutException) {
            return "attribution did not answer within " + config.timeout().toSeconds() + " s" + at;
        }
        if (failure instanceof WebApplicationException web) {
            return "attribution answered " + web.getResponse().getStatus() + at;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "attribution is unreachable" + at;
            }
        }
        return "attribution could not be asked" + at + ": " + failure.getClass().getSimpleName();
    }

    /** Either the answer's reviews, in the predictions' order, or every prediction unavailable for {@code reason}. */
    private static Reviews reviews(List<PredictionVersion> current, AttributionReviews.Answer answer, String reason) {
        List<PredictionReview> reviewed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (reason != null) {
            warnings.add("the predictions could not be reviewed: " + reason);
        }
        for (int i = 0; i < current.size(); i++) {
            PredictionVersion p = current.get(i);
            PredictionReview review = answer == null
                    ? PredictionReview.unavailable(reason)
                    : PredictionReview.of(answer.method(), answer.reviews().get(i));
            if (review.undetectable()) {
                warnings.add("prediction " + p.number + ": " + review.summary());
            }
            reviewed.add(review);
        }
        return new Reviews(reviewed, warnings);
    }
}
