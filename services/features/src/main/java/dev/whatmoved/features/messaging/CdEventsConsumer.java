package dev.whatmoved.features.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.features.intake.IntakeMetrics;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.features.intake.cdevents.CdEvents;
import dev.whatmoved.features.intake.cdevents.CloudEventsBinding;
import dev.whatmoved.features.intake.cdevents.UnsupportedCdEventException;
import dev.whatmoved.features.service.ReleaseService;
import dev.whatmoved.kit.messaging.MessagingConfig;
import dev.whatmoved.kit.messaging.PoisonEventException;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * CDEvents from the Kafka topic {@code whatmoved.cdevents}, for CD systems that publish there instead of posting
 * (binary mode with {@code ce_*} headers, structured mode with {@code content-type: application/cloudevents+json}, or
 * a bare CDEvent). They are not whatmoved events, so the channel reads raw records ({@code cloud-events=false}) and this
 * class takes the CDEvent out itself.
 *
 * <p>The record is acknowledged only after its release is stored (or found stored: the CDEvent's {@code context.id}
 * dedupes redelivery). A record that can never be a release (not JSON, not a CDEvent, a field missing) goes to
 * {@code whatmoved.cdevents.dlq} with the reason; a CDEvent of another type (the topic may carry a CD system's whole
 * stream: pipeline runs, tests...) is skipped; a transient failure is retried with backoff.
 */
@ApplicationScoped
public class CdEventsConsumer {

    private final ReleaseService releases;
    private final ObjectMapper json;
    private final MessagingConfig config;
    private final IntakeMetrics intakeMetrics;

    public CdEventsConsumer(
            ReleaseService releases, ObjectMapper json, MessagingConfig config, IntakeMetrics intakeMetrics) {
        this.intakeMetrics = intakeMetrics;
        this.releases = releases;
        this.json = json;
        this.config = config;
    }

    @Incoming("cdevents")
    public Uni<Void> consume(Message<String> message) {
        final ReleaseIntake intake;
        try {
            intake = read(message);
        } catch (UnsupportedCdEventException e) {
            if (e.isCdEvent()) {
                Log.debugf("skipping %s: not a release event", e.type());
                intakeMetrics.count(ReleaseIntake.CDEVENTS, IntakeMetrics.IGNORED);
                return Uni.createFrom().completionStage(message.ack());
            }
            return deadLetter(message, e.getMessage());
        } catch (PoisonEventException e) {
            return deadLetter(message, e.getMessage());
        }
        return onThisContext(Uni.createFrom().deferred(() -> releases.intake(intake)))
                .onFailure()
                .retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff())
                .atMost(config.retries())
                .onItemOrFailure()
                .transformToUni((stored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }

    private ReleaseIntake read(Message<String> message) {
        String value = message.getPayload();
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("the record has no value: a CDEvent was expected");
        }
        try {
            return CdEvents.toIntake(
                    CloudEventsBinding.cdEvent(header(message, "content-type"), json.readTree(value), json), json);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("the record is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (ProblemException e) {
            throw new PoisonEventException("not a release CDEvent: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PoisonEventException("the record cannot be read: " + e.getMessage(), e);
        }
    }

    private Uni<Void> deadLetter(Message<String> message, String reason) {
        Log.warnf("dead-lettering a whatmoved.cdevents record: %s", reason);
        intakeMetrics.count(ReleaseIntake.CDEVENTS, IntakeMetrics.REJECTED);
        return Uni.createFrom().completionStage(message.nack(new PoisonEventException(reason)));
    }

    private static String header(Message<String> message, String name) {
        Optional<IncomingKafkaRecordMetadata> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (metadata.isEmpty()) {
            return null;
        }
        Header header = metadata.get().getHeaders().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Retries after a backoff run on a timer thread; the effect (Hibernate Reactive) must run on the Vert.x context. */
    private static <T> Uni<T> onThisContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
