package dev.whatmoved.attribution.messaging;

import dev.whatmoved.attribution.service.ConsumedEvents;
import dev.whatmoved.attribution.service.ConsumedRollups;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.messaging.CloudEventBatchConsumer;
import dev.whatmoved.kit.messaging.CloudEventConsumer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The Kafka side of attribution: each topic's events, handed to the use case that records them. */
@ApplicationScoped
public class EventConsumers {

    private static final List<EventType> ROLLUP_TYPES = List.of(EventType.METRIC_ROLLUP, EventType.METRIC_ANNOUNCED);

    private final CloudEventConsumer consumer;
    private final CloudEventBatchConsumer batches;
    private final ConsumedEvents events;
    private final ConsumedRollups rollups;

    public EventConsumers(
            CloudEventConsumer consumer,
            CloudEventBatchConsumer batches,
            ConsumedEvents events,
            ConsumedRollups rollups) {
        this.consumer = consumer;
        this.batches = batches;
        this.events = events;
        this.rollups = rollups;
    }

    @Incoming("releases")
    public Uni<Void> releases(Message<String> message) {
        return is(message, EventType.RELEASE_ROLLED_BACK)
                ? consumer.consume(message, EventType.RELEASE_ROLLED_BACK, events::releaseRolledBack)
                : consumer.consume(message, EventType.RELEASE_DEPLOYED, events::releaseDeployed);
    }

    @Incoming("features")
    public Uni<Void> features(Message<String> message) {
        return is(message, EventType.FEATURE_AMENDED)
                ? consumer.consume(message, EventType.FEATURE_AMENDED, events::featureAmended)
                : consumer.consume(message, EventType.FEATURE_COMMITTED, events::featureCommitted);
    }

    /**
     * Rollup events come in batches (the channel has {@code batch=true}): one transaction per batch, not per event,
     * since a history import announces millions of buckets. Metrics' watermarks travel with them, in order.
     */
    @Incoming("metric-rollups")
    public Uni<Void> rollups(KafkaRecordBatch<String, String> batch) {
        return batches.consume(batch, ROLLUP_TYPES, rollups::apply);
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
