package dev.whatmoved.attribution.messaging;

import dev.whatmoved.attribution.service.EventIntake;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.messaging.CloudEventConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The Kafka side of attribution: each topic's events, handed to the use case that records them. */
@ApplicationScoped
public class EventConsumers {

    private final CloudEventConsumer consumer;
    private final EventIntake intake;

    public EventConsumers(CloudEventConsumer consumer, EventIntake intake) {
        this.consumer = consumer;
        this.intake = intake;
    }

    @Incoming("releases")
    public Uni<Void> releases(Message<String> message) {
        return is(message, EventType.RELEASE_ROLLED_BACK)
                ? consumer.consume(message, EventType.RELEASE_ROLLED_BACK, intake::releaseRolledBack)
                : consumer.consume(message, EventType.RELEASE_DEPLOYED, intake::releaseDeployed);
    }

    @Incoming("features")
    public Uni<Void> features(Message<String> message) {
        return is(message, EventType.FEATURE_AMENDED)
                ? consumer.consume(message, EventType.FEATURE_AMENDED, intake::featureAmended)
                : consumer.consume(message, EventType.FEATURE_COMMITTED, intake::featureCommitted);
    }

    @Incoming("metric-rollups")
    public Uni<Void> rollups(Message<String> message) {
        return consumer.consume(message, EventType.METRIC_ROLLUP, intake::rollupChanged);
    }

    /**
     * Whether the record is a CloudEvent of {@code type}. Anything else goes to the topic's main type, whose consumer
     * skips other types and dead-letters what is not a CloudEvent.
     */
    private static boolean is(Message<String> message, EventType type) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(ce -> type.type().equals(ce.getType()))
                .orElse(false);
    }
}
