package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Release;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ReleaseView(
        UUID id,
        String service,
        String version,
        String environment,
        @Schema(nullable = true) String commit,
        Instant deployedAt,
        Instant receivedAt,
        String source,
        @Schema(nullable = true) String deliveryId,
        List<String> features,
        @Schema(nullable = true) String creator,
        @Schema(nullable = true) String description,
        String state,
        @Schema(nullable = true) Instant rolledBackAt,
        @Schema(nullable = true) UUID rolledBackBy,
        @Schema(nullable = true) UUID rollbackOf) {

    public static ReleaseView of(Release release) {
        return new ReleaseView(
                release.id,
                release.service,
                release.version,
                release.environment,
                release.commit,
                release.deployedAt,
                release.receivedAt,
                release.source,
                release.deliveryId,
                List.of(release.features),
                release.creator,
                release.description,
                release.state,
                release.rolledBackAt,
                release.rolledBackBy,
                release.rollbackOf);
    }
}
