package dev.whatmoved.kit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.EventSchemas;
import dev.whatmoved.events.EventType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Appends CloudEvents to the transactional outbox. Call it inside the transaction that makes the change the event
 * announces: the event is then published if and only if the change commits.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxEventRepository repository;
    private final ObjectMapper json;
    private final OutboxConfig config;
    private final Clock clock;

    public Outbox(OutboxEventRepository repository, ObjectMapper json, OutboxConfig config) {
        this.repository = repository;
        this.json = json;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param type the event type (decides topic and schema)
     * @param key the Kafka record key (decides the partition, so the order of events per key)
     * @param subject the CloudEvents subject: the id of the thing the event is about
     * @param data the payload record of {@code type}
     */
    public Uni<OutboxEvent> append(EventType type, String key, String subject, Object data) {
        if (!type.payloadType().isInstance(data)) {
            throw new IllegalArgumentException(
                    type.type() + " carries " + type.payloadType().getSimpleName());
        }
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = type.topic();
        event.messageKey = key;
        event.type = type.type();
        event.source = config.source();
        event.subject = subject;
        event.dataSchema = type.dataSchema().toString();
        event.occurredAt = clock.instant();
        event.payload = serialize(type, data);
        return repository.persist(event);
    }

    /**
     * The event's data as JSON, checked against its schema first: an event that breaks it fails the append (and so the
     * transaction), loudly, and is never published.
     */
    private String serialize(EventType type, Object data) {
        try {
            JsonNode tree = json.valueToTree(data);
            List<String> violations = EventSchemas.violations(type, tree);
            if (!violations.isEmpty()) {
                InvalidEventException invalid = new InvalidEventException(type, violations);
                Log.error(invalid.getMessage());
                throw invalid;
            }
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot serialize " + data.getClass().getSimpleName(), e);
        }
    }
}
