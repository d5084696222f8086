package dev.whatmoved.features.service;

import java.util.List;

/**
 * A feature as registered or edited while it is a draft.
 *
 * @param tracker the feature's ticket; null when none
 */
public record FeatureDraft(
        String key,
        String title,
        String team,
        String owner,
        String problem,
        List<PredictionTerms> predictions,
        Ticket tracker) {

    public FeatureDraft {
        predictions = predictions == null ? List.of() : List.copyOf(predictions);
    }
}
