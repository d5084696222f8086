package dev.whatmoved.kit.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "whatmoved.auth")
public interface AuthConfig {

    /**
     * Whether requests need a bearer token. Turning it off lets anyone do anything (every scope); the service says so
     * in its log at start.
     */
    @WithDefault("true")
    boolean enabled();

    /** Token ids ({@code jti}) that are refused although validly signed and unexpired: revoked tokens. */
    Optional<Set<String>> revokedTokenIds();
}
