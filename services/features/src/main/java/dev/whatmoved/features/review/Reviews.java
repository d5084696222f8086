package dev.whatmoved.features.review;

import java.util.List;

/**
 * The reviews of a feature's current predictions, one per prediction in their order, and the warnings they raise.
 * Empty (no reviews, no warnings) when the feature's predictions are not reviewed (shipped, concluded, retired).
 */
public record Reviews(List<PredictionReview> perPrediction, List<String> warnings) {

    public Reviews {
        perPrediction = List.copyOf(perPrediction);
        warnings = List.copyOf(warnings);
    }

    static Reviews none() {
        return new Reviews(List.of(), List.of());
    }
}
