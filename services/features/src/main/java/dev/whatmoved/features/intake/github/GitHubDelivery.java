package dev.whatmoved.features.intake.github;

import dev.whatmoved.features.intake.ReleaseIntake;
import java.time.Instant;

/** What one GitHub webhook delivery asks of us. */
public sealed interface GitHubDelivery {

    /** GitHub's check that the hook works, sent when it is created. */
    record Ping(long hookId, String zen) implements GitHubDelivery {}

    /** A delivery that is acknowledged but creates nothing (another event, or a state other than success). */
    record Ignored(String reason) implements GitHubDelivery {}

    /**
     * A successful deployment: a release.
     *
     * @param reportedAt when GitHub reported the status (the later of its {@code created_at} and {@code updated_at})
     * @param reportedAtField which of the two that is, to name it in a refusal
     */
    record Deployment(ReleaseIntake release, Instant reportedAt, String reportedAtField) implements GitHubDelivery {}
}
