package dev.whatmoved.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code dev.whatmoved.release.rolledback.v1}: a release that was taken back out of its environment.
 *
 * @param releaseId the release rolled back
 * @param rolledBackAt when the rollback was deployed
 * @param rolledBackBy the release that replaced it (the rollback deployment), when known
 * @param reason how the rollback was recognised: {@code cdevents}, {@code flagged} (a release reported as a
 *     rollback), {@code redeploy} (an earlier version deployed again)
 */
public record ReleaseRolledBack(
        UUID releaseId,
        String service,
        String version,
        String environment,
        Instant rolledBackAt,
        UUID rolledBackBy,
        String reason) {}
