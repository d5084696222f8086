package dev.whatmoved.features.service;

import dev.whatmoved.features.domain.Feature;
import dev.whatmoved.features.domain.PredictionVersion;
import dev.whatmoved.features.domain.Release;
import dev.whatmoved.features.domain.ScorecardEntry;
import java.time.Instant;
import java.util.List;

/**
 * A feature as a use case answers it: with every version of its predictions, the releases that shipped it and its
 * scorecard, read at {@code asOf} (its status depends on the time). The REST layer maps it to its view.
 */
public record FeatureDetails(
        Feature feature,
        List<PredictionVersion> history,
        List<Release> releases,
        List<ScorecardEntry> scorecard,
        Instant asOf) {

    /** The current version of each prediction, in the order of {@link #history}. */
    public List<PredictionVersion> current() {
        return history.stream().filter(PredictionVersion::isCurrent).toList();
    }

    /** The status a reader sees at {@link #asOf}. */
    public String status() {
        return feature.statusAt(asOf);
    }
}
