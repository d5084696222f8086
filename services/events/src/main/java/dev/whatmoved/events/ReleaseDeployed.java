package dev.whatmoved.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code dev.whatmoved.release.deployed.v1}: one deployment reported by CI.
 *
 * @param releaseId id assigned by the features service
 * @param service the deployed service
 * @param version the deployed version (tag, semver, or sha)
 * @param environment where it was deployed, e.g. {@code production}
 * @param commit the commit sha, when known
 * @param deployedAt when the deployment finished
 * @param features keys of the features this release ships
 * @param source how the release reached whatmoved: {@code api}, {@code github}, {@code gitlab}, {@code cdevents}
 * @param rollbackOf when this deployment rolls another release back: that release; otherwise null
 */
public record ReleaseDeployed(
        UUID releaseId,
        String service,
        String version,
        String environment,
        String commit,
        Instant deployedAt,
        List<String> features,
        String source,
        UUID rollbackOf) {}
