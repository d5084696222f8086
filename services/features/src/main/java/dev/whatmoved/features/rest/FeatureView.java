package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Feature;
import java.time.Instant;

public record FeatureView(String key, String metric, Instant committedAt) {

    public static FeatureView of(Feature feature) {
        return new FeatureView(feature.key, feature.metric, feature.committedAt);
    }
}
