package dev.whatmoved.features.intake.github;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "whatmoved.intake.github")
public interface GitHubConfig {

    /**
     * The webhook's secret (env {@code WHATMOVED_INTAKE_GITHUB_SECRET}): when set, every delivery must carry a matching
     * {@code X-Hub-Signature-256}; when unset, deliveries are accepted unsigned (a warning is logged at start).
     */
    Optional<String> secret();
}
