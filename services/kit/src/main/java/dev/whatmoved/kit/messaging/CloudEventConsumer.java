package dev.whatmoved.kit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.EventSchemas;
import dev.whatmoved.events.EventType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns a Kafka record into the effect of its event, with the guarantees every consumer needs: the record is
 * acknowledged (its offset may be committed) only after the effect is durable; a record that can never be processed
 * (not a CloudEvent, malformed JSON, data that breaks its schema) is nacked to the dead-letter topic with the reason; a
 * transient failure is retried with backoff; a type the consumer does not handle is skipped, so producers can add
 * types without breaking it.
 */
@ApplicationScoped
public class CloudEventConsumer {

    private final ObjectMapper json;
    private final MessagingConfig config;

    public CloudEventConsumer(ObjectMapper json, MessagingConfig config) {
        this.json = json;
        this.config = config;
    }

    /**
     * @param effect applies the event; must be idempotent, since Kafka delivers at least once
     */
    public <T> Uni<Void> consume(Message<String> message, EventType type, Function<T, Uni<Void>> effect) {
        final T event;
        try {
            event = read(message, type);
        } catch (PoisonEventException poison) {
            Log.warnf("dead-lettering a %s record: %s", type.topic(), poison.getMessage());
            return Uni.createFrom().completionStage(message.nack(poison));
        }
        if (event == null) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return onThisContext(Uni.createFrom().deferred(() -> effect.apply(event)))
                .onFailure(e -> !(e instanceof PoisonEventException))
                .retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff())
                .atMost(config.retries())
                .onItemOrFailure()
                .transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }

    /** The event's data, or null when the record is a CloudEvent of another type than {@code type}. */
    @SuppressWarnings("unchecked")
    <T> T read(Message<String> message, EventType type) {
        IncomingCloudEventMetadata<?> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonEventException("not a CloudEvent: no ce_type/ce_id/ce_source headers"));
        if (!type.type().equals(cloudEvent.getType())) {
            Log.debugf("skipping %s %s: not handled here", cloudEvent.getType(), cloudEvent.getId());
            return null;
        }
        String payload = message.getPayload();
        if (payload == null || payload.isBlank()) {
            throw new PoisonEventException(type.type() + " " + cloudEvent.getId() + " has no data");
        }
        try {
            JsonNode data = json.readTree(payload);
            List<String> violations = EventSchemas.violations(type, data);
            if (!violations.isEmpty()) {
                throw new PoisonEventException(type.type() + " " + cloudEvent.getId() + " does not match "
                        + type.schemaFile() + ": " + String.join("; ", violations));
            }
            return (T) json.treeToValue(data, type.payloadType());
        } catch (JsonProcessingException e) {
            throw new PoisonEventException(
                    type.type() + " " + cloudEvent.getId() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Retries after a backoff run on a timer thread; the effect (Hibernate Reactive) must run on the Vert.x context. */
    private static <T> Uni<T> onThisContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
