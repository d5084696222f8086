package dev.whatmoved.notify.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.messaging.CloudEventConsumer;
import dev.whatmoved.kit.messaging.PoisonEventException;
import dev.whatmoved.notify.service.ConsumedEvents;
import dev.whatmoved.notify.service.IncomingEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The Kafka side of notify: features (teams and horizons), releases (the nudges) and outcomes (verdicts and guardrail
 * breaches), each handed with its CloudEvents identity to the use case that applies it. The kit's consumer validates
 * the data against its schema, dead-letters poison records with the reason, retries transient failures and skips
 * types notify does not handle (a rollback).
 */
@ApplicationScoped
public class EventConsumers {

    private final CloudEventConsumer consumer;
    private final ConsumedEvents events;
    private final ObjectMapper json;

    public EventConsumers(CloudEventConsumer consumer, ConsumedEvents events, ObjectMapper json) {
        this.consumer = consumer;
        this.events = events;
        this.json = json;
    }

    @Incoming("features")
    public Uni<Void> features(Message<String> message) {
        return is(message, EventType.FEATURE_AMENDED)
                ? consume(message, EventType.FEATURE_AMENDED, events::featureAmended)
                : consume(message, EventType.FEATURE_COMMITTED, events::featureCommitted);
    }

    @Incoming("releases")
    public Uni<Void> releases(Message<String> message) {
        return consume(message, EventType.RELEASE_DEPLOYED, events::releaseDeployed);
    }

    @Incoming("outcomes")
    public Uni<Void> outcomes(Message<String> message) {
        return is(message, EventType.OUTCOME_GUARDRAIL_BREACHED)
                ? consume(message, EventType.OUTCOME_GUARDRAIL_BREACHED, events::guardrailBreached)
                : consume(message, EventType.OUTCOME_MEASURED, events::outcomeMeasured);
    }

    private <T> Uni<Void> consume(
            Message<String> message, EventType type, BiFunction<IncomingEvent, T, Uni<Void>> effect) {
        return consumer.consume(message, type, (T data) -> effect.apply(incoming(message), data));
    }

    /** The event as a generic webhook receives it: CloudEvents structured-mode JSON, its data parsed. */
    private IncomingEvent incoming(Message<String> message) {
        IncomingCloudEventMetadata<?> ce =
                message.getMetadata(IncomingCloudEventMetadata.class).orElseThrow();
        ObjectNode event = json.createObjectNode();
        event.put("specversion", ce.getSpecVersion());
        event.put("id", ce.getId());
        event.put("source", ce.getSource().toString());
        event.put("type", ce.getType());
        ce.getSubject().ifPresent(subject -> event.put("subject", subject));
        ce.getTimeStamp().ifPresent(time -> event.put("time", time.toInstant().toString()));
        ce.getDataSchema().ifPresent(schema -> event.put("dataschema", schema.toString()));
        event.put("datacontenttype", "application/json");
        try {
            JsonNode data = json.readTree(message.getPayload());
            event.set("data", data);
        } catch (Exception e) {
            // the kit's consumer parsed it already; cannot happen
            throw new PoisonEventException("unreadable data of " + ce.getId(), e);
        }
        return new IncomingEvent(ce.getId(), ce.getType(), ce.getSubject().orElse(null), event);
    }

    private static boolean is(Message<String> message, EventType type) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(ce -> type.type().equals(ce.getType()))
                .orElse(false);
    }
}
