package dev.whatmoved.features.intake.gitlab;

import dev.whatmoved.features.intake.ReleaseIntake;

/** What one GitLab webhook delivery asks of us. */
public sealed interface GitLabDelivery {

    /** A delivery that is acknowledged but creates nothing (another hook, or a status other than success). */
    record Ignored(String reason) implements GitLabDelivery {}

    /** A successful deployment: a release. */
    record Deployment(ReleaseIntake release) implements GitLabDelivery {}
}
