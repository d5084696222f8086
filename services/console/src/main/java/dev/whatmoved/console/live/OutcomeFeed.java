package dev.whatmoved.console.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * New outcomes as they are published on {@code whatmoved.outcomes}, for the pages' live panels. Each console instance
 * reads the topic with a consumer group of its own (application.properties), so every instance sees every event.
 */
@ApplicationScoped
public class OutcomeFeed {

    private final BroadcastProcessor<LiveOutcome> broadcast = BroadcastProcessor.create();
    private final ObjectMapper json;

    public OutcomeFeed(ObjectMapper json) {
        this.json = json;
    }

    /** The outcomes published from now on. */
    public Multi<LiveOutcome> stream() {
        return broadcast;
    }

    @Incoming("outcomes")
    CompletionStage<Void> onEvent(Message<String> message) {
        try {
            String type = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(meta -> meta.getHeaders().lastHeader("ce_type"))
                    .map(Header::value)
                    .map(value -> new String(value, StandardCharsets.UTF_8))
                    .orElse("");
            LiveOutcome outcome = LiveOutcome.of(type, message.getPayload(), json);
            if (outcome != null) {
                broadcast.onNext(outcome);
            }
        } catch (Exception e) {
            Log.debugf(e, "skipped an outcome event that could not be read");
        }
        return message.ack();
    }

    /**
     * One outcome as the browser gets it.
     *
     * @param kind {@code measured} or {@code guardrail-breached}
     */
    public record LiveOutcome(
            String kind,
            String releaseId,
            String featureKey,
            String metric,
            int checkpointDays,
            String verdict,
            Double relEffectPct,
            String service,
            String measuredAt) {

        /**
         * The event as the browser gets it, read into the shared contract of its type ({@code events}), or null for
         * another type.
         */
        static LiveOutcome of(String type, String payload, ObjectMapper json) throws IOException {
            if (EventType.OUTCOME_MEASURED.type().equals(type)) {
                OutcomeMeasured e = json.readValue(payload, OutcomeMeasured.class);
                return new LiveOutcome(
                        "measured",
                        text(e.releaseId()),
                        e.featureKey(),
                        e.metric(),
                        e.checkpointDays(),
                        e.verdict(),
                        e.relEffectPct(),
                        e.service(),
                        text(e.measuredAt()));
            }
            if (EventType.OUTCOME_GUARDRAIL_BREACHED.type().equals(type)) {
                OutcomeGuardrailBreached e = json.readValue(payload, OutcomeGuardrailBreached.class);
                return new LiveOutcome(
                        "guardrail-breached",
                        text(e.releaseId()),
                        e.featureKey(),
                        e.metric(),
                        e.checkpointDays(),
                        "guardrail-breached",
                        e.relEffectPct(),
                        e.service(),
                        text(e.measuredAt()));
            }
            return null;
        }

        private static String text(Object value) {
            return Objects.toString(value, null);
        }
    }
}
