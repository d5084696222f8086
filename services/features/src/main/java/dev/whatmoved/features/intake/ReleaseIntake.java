package dev.whatmoved.features.intake;

import java.time.Instant;
import java.util.List;

/**
 * One deployment as any CI system reports it, normalised: what every intake format (native JSON, GitHub, GitLab,
 * CDEvents) turns its payload into before {@code ReleaseService.intake} stores it.
 *
 * @param source {@code api}, {@code github}, {@code gitlab} or {@code cdevents}
 * @param deliveryId what identifies this deployment to its sender (dedupes redelivery): the GitHub or GitLab
 *     deployment, the CDEvent's id, the Idempotency-Key; or null
 * @param features feature keys named explicitly by the sender
 * @param texts free texts to look for feature keys in (commit message, PR title, description)
 * @param rollback whether the sender says this deployment is a rollback
 */
public record ReleaseIntake(
        String source,
        String deliveryId,
        String service,
        String version,
        String environment,
        String commit,
        Instant deployedAt,
        String creator,
        String description,
        List<String> features,
        List<String> texts,
        boolean rollback) {

    public static final String API = "api";
    public static final String GITHUB = "github";
    public static final String GITLAB = "gitlab";
    public static final String CDEVENTS = "cdevents";

    public ReleaseIntake {
        features = features == null ? List.of() : List.copyOf(features);
        texts = texts == null
                ? List.of()
                : texts.stream().filter(t -> t != null && !t.isBlank()).toList();
    }
}
