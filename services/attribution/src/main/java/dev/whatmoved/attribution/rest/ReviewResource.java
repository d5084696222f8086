package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.OutcomeEngine;
import dev.whatmoved.attribution.service.ReviewService;
import dev.whatmoved.kit.security.Scopes;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/reviews")
public class ReviewResource {

    private final ReviewService reviews;
    private final SecurityIdentity identity;

    public ReviewResource(ReviewService reviews, SecurityIdentity identity) {
        this.reviews = reviews;
        this.identity = identity;
    }

    @POST
    // computes, stores nothing; features calls it with the token of whoever registers a feature
    @RolesAllowed({Scopes.READ, Scopes.FEATURES_WRITE})
    @Operation(
            operationId = "reviewPredictions",
            summary = "What a prediction's metric can detect, before the release",
            description = "From each metric's daily history (the same model, settings and alpha-spending boundaries as"
                    + " the verdicts): the minimum detectable effect at each checkpoint up to the horizon (80 % power)"
                    + " and the first checkpoint at which the predicted change would be detected. A release is"
                    + " assumed on the day after the metric's last day with data. Nothing is stored.")
    @APIResponse(responseCode = "200", description = "One review per prediction, in the request's order")
    @APIResponse(responseCode = "400", description = "A prediction that cannot be reviewed (problem+json names it)")
    @APIResponse(responseCode = "429", description = "The caller has as many analyses running as allowed (Retry-After)")
    @APIResponse(responseCode = "503", description = "As many analyses running as allowed in all, or timed out")
    public Uni<ReviewView> review(ReviewRequest request) {
        return reviews.review(caller(), request == null ? null : request.toReviews())
                .map(results -> new ReviewView(OutcomeEngine.METHOD, results));
    }

    private String caller() {
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return principal == null ? "" : principal.getName();
    }
}
