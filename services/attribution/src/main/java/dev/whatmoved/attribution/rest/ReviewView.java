package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.model.DetectionReview;
import java.util.List;

/**
 * The answer of {@code POST /api/reviews}: per prediction, in the request's order, the minimum detectable effect at
 * each checkpoint and the first checkpoint that could detect the predicted change.
 *
 * @param method the model the figures come from (the verdicts' own)
 */
public record ReviewView(String method, List<DetectionReview.Result> reviews) {}
