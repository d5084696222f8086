package dev.whatmoved.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "whatmoved.consumer")
public interface MessagingConfig {

    /** How often a consumer retries an effect that failed for a transient reason (database down) before it gives up. */
    @WithDefault("20")
    int retries();

    /** First pause between retries; it doubles up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Longest pause between retries. */
    @WithDefault("10s")
    Duration maxBackoff();
}
