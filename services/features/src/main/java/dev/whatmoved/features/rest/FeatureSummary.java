package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Feature;
import dev.whatmoved.features.service.ListedFeature;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A feature in a list. */
public record FeatureSummary(
        String key,
        String title,
        String team,
        String owner,
        String status,
        @Schema(nullable = true) Instant committedAt,
        @Schema(nullable = true) Instant shippedAt) {

    static FeatureSummary of(ListedFeature listed) {
        Feature f = listed.feature();
        return new FeatureSummary(f.key, f.title, f.team, f.owner, listed.status(), f.committedAt, f.shippedAt);
    }
}
