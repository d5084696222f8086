package dev.whatmoved.features.intake.github;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "whatmoved.intake.github")
public interface GitHubConfig {

    /**
     * The webhook's secret (env {@code WHATMOVED_INTAKE_GITHUB_SECRET}): when set, every delivery must carry a matching
     * {@code X-Hub-Signature-256}; when unset, deliveries are accepted unsigned (a warning is logged at start).
     */
    Optional<String> secret();

    /**
     * How old a signed deployment status may be when it arrives (env {@code WHATMOVED_INTAKE_GITHUB_MAX_DELIVERY_AGE},
     * ISO-8601, e.g. {@code P7D}): a body whose {@code deployment_status.updated_at} (or {@code created_at}) is older is
     * a replay and is refused. Applies when the secret is set (unsigned deliveries can carry any time).
     */
    @WithDefault("P7D")
    Duration maxDeliveryAge();
}
