package dev.whatmoved.metrics.config;

import io.smallrye.config.ConfigMapping;

/**
 * The CloudEvents {@code source} of the events metrics publishes. The property keeps the name the other services use
 * ({@code whatmoved.outbox.source}, where the outbox module reads it), so one setting names every service's source,
 * although metrics publishes from its rollup rows and has no outbox.
 */
@ConfigMapping(prefix = "whatmoved.outbox")
public interface EventSourceConfig {

    /** e.g. {@code /whatmoved/metrics} */
    String source();
}
