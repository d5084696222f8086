package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Feature;
import java.time.Instant;

/** A feature in a list. */
public record FeatureSummary(
        String key, String title, String team, String owner, String status, Instant committedAt, Instant shippedAt) {

    public static FeatureSummary of(Feature f, Instant now) {
        return new FeatureSummary(f.key, f.title, f.team, f.owner, f.statusAt(now), f.committedAt, f.shippedAt);
    }
}
