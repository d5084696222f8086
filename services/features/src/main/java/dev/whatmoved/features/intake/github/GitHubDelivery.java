package dev.whatmoved.features.intake.github;

import dev.whatmoved.features.intake.ReleaseIntake;

/** What one GitHub webhook delivery asks of us. */
public sealed interface GitHubDelivery {

    /** GitHub's check that the hook works, sent when it is created. */
    record Ping(long hookId, String zen) implements GitHubDelivery {}

    /** A delivery that is acknowledged but creates nothing (another event, or a state other than success). */
    record Ignored(String reason) implements GitHubDelivery {}

    /** A successful deployment: a release. */
    record Deployment(ReleaseIntake release) implements GitHubDelivery {}
}
