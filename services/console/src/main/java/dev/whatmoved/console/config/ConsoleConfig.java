package dev.whatmoved.console.config;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where the console finds the services it reads, and the token it reads them with. */
@ConfigMapping(prefix = "whatmoved")
public interface ConsoleConfig {

    /** Base URL of features ({@code WHATMOVED_FEATURES_URL}). */
    URI featuresUrl();

    /** Base URL of metrics ({@code WHATMOVED_METRICS_URL}). */
    URI metricsUrl();

    /** Base URL of attribution ({@code WHATMOVED_ATTRIBUTION_URL}). */
    URI attributionUrl();

    /** A bearer token with the {@code read} scope ({@code WHATMOVED_CONSOLE_TOKEN}); without one the calls get 401. */
    Optional<String> consoleToken();

    /** How long a page waits for one service before it shows that service as unavailable. */
    Duration callTimeout();
}
