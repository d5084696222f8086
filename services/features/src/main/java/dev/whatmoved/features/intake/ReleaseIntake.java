package dev.whatmoved.features.intake;

import java.time.Instant;
import java.util.List;

/**
 * One deployment as any CI system reports it, normalised: what every intake format (native JSON, GitHub, GitLab,
 * CDEvents) turns its payload into before {@code ReleaseService.intake} stores it.
 *
 * @param source {@code api}, {@code github}, {@code gitlab}, or {@code cdevents} (an imported release is {@code api})
 * @param deliveryId what identifies this deployment to its sender (dedupes redelivery): the GitHub or GitLab
 *     deployment, the CDEvent's id, the Idempotency-Key, {@code import:} and an imported release's {@link #deploymentKey}; or null
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

    /**
     * What identifies a deployment whatever reported it: its service, environment, version and time, as a JSON array
     * ({@code ["checkout","production","2026.11.3","2026-11-20T10:15:00Z"]}), which no choice of names makes ambiguous.
     */
    public static String deploymentKey(String service, String environment, String version, Instant deployedAt) {
        return "[" + quoted(service) + "," + quoted(environment) + "," + quoted(version) + ","
                + quoted(deployedAt.toString()) + "]";
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
