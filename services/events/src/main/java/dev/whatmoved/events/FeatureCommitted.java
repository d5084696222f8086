package dev.whatmoved.events;

import java.time.Instant;
import java.util.List;

/**
 * Data of {@code dev.whatmoved.feature.committed.v1}: a feature whose predictions are now frozen.
 *
 * @param key the feature's stable key
 * @param committedAt when the predictions were frozen
 * @param tracker the feature's ticket in the team's tracker, or null
 * @param predictions what the feature is expected to move (and its guardrails)
 */
public record FeatureCommitted(
        String key,
        String title,
        String team,
        String owner,
        Tracker tracker,
        Instant committedAt,
        List<Prediction> predictions) {

    /** A ticket: {@code SHOP-123} (Jira, Linear) or {@code owner/repo#42} (GitHub), and where it is read. */
    public record Tracker(String key, String url) {}
}
