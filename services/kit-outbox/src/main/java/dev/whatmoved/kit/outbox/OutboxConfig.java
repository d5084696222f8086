package dev.whatmoved.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "whatmoved.outbox")
public interface OutboxConfig {

    /** CloudEvents {@code source} of everything this service publishes, e.g. {@code /whatmoved/features}. */
    String source();

    /** Whether this instance relays the outbox to Kafka (one relay at a time holds the lock anyway). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for new events (its worst-case added latency). */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Most events relayed in one transaction. */
    @WithDefault("200")
    int batchSize();

    /** How often the backlog of {@code /q/metrics} (events not yet relayed, the oldest one's age) is measured. */
    @WithDefault("15s")
    Duration backlogInterval();
}
