package dev.whatmoved.events;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code dev.whatmoved.feature.committed.v1}: a feature whose predictions are now frozen.
 *
 * @param key the feature's stable key
 * @param committedAt when the predictions were frozen
 * @param predictions what the feature is expected to move
 */
public record FeatureCommitted(String key, Instant committedAt, List<Prediction> predictions) {

    /**
     * One pre-registered prediction. The foundation carries only the metric; direction, size and confidence come with
     * the features issue as optional-then-required fields of this same record.
     */
    public record Prediction(String metric) {}
}
