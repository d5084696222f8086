package dev.whatmoved.features.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Where features asks attribution what a prediction's metric can detect ({@code POST /api/reviews}). */
@ConfigMapping(prefix = "whatmoved.review")
public interface ReviewConfig {

    /** Review draft and committed predictions in the single-feature answers; off: the answers say so. */
    @WithDefault("true")
    boolean enabled();

    /** Base URL of attribution ({@code WHATMOVED_REVIEW_ATTRIBUTION_URL}). */
    @WithDefault("http://localhost:8083")
    URI attributionUrl();

    /**
     * How long an answer waits for the review before it goes without it (and says why); below the console's call
     * timeout (5 s), so a slow review never takes the feature page down with it.
     */
    @WithDefault("4s")
    Duration timeout();
}
