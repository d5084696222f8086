package dev.whatmoved.features.rest;

import dev.whatmoved.features.domain.Release;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record ReleaseView(
        UUID id,
        String service,
        String version,
        String environment,
        String commit,
        Instant deployedAt,
        Instant receivedAt,
        String source,
        String deliveryId,
        List<String> features,
        String creator,
        String description,
        String state,
        Instant rolledBackAt,
        UUID rolledBackBy,
        UUID rollbackOf) {

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
