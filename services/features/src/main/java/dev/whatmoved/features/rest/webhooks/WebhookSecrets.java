package dev.whatmoved.features.rest.webhooks;

import dev.whatmoved.features.intake.github.GitHubConfig;
import dev.whatmoved.features.intake.gitlab.GitLabConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Says at start which webhook takes unauthenticated deliveries, so an operator notices a secret left unset. */
@ApplicationScoped
public class WebhookSecrets {

    void warn(@Observes StartupEvent start, GitHubConfig github, GitLabConfig gitlab) {
        if (github.secret().isEmpty()) {
            Log.warn("WHATMOVED_INTAKE_GITHUB_SECRET is not set: POST /webhooks/github accepts unsigned deliveries");
        }
        if (gitlab.token().isEmpty()) {
            Log.warn("WHATMOVED_INTAKE_GITLAB_TOKEN is not set: POST /webhooks/gitlab accepts deliveries without a"
                    + " token");
        }
    }
}
