package dev.whatmoved.features.intake.gitlab;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "whatmoved.intake.gitlab")
public interface GitLabConfig {

    /**
     * The webhook's secret token (env {@code WHATMOVED_INTAKE_GITLAB_TOKEN}): when set, every delivery must carry it in
     * {@code X-Gitlab-Token}; when unset, deliveries are accepted without one (a warning is logged at start).
     */
    Optional<String> token();
}
