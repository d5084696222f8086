package dev.whatmoved.features.messaging;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.features.repository.ScorecardRepository;
import dev.whatmoved.kit.messaging.CloudEventConsumer;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps each feature's scorecard current from attribution's outcome.measured events. */
@ApplicationScoped
public class OutcomeConsumer {

    private final CloudEventConsumer consumer;
    private final ScorecardRepository scorecard;

    public OutcomeConsumer(CloudEventConsumer consumer, ScorecardRepository scorecard) {
        this.consumer = consumer;
        this.scorecard = scorecard;
    }

    @Incoming("outcomes")
    public Uni<Void> outcomes(Message<String> message) {
        return consumer.consume(message, EventType.OUTCOME_MEASURED, this::record);
    }

    /** Idempotent: a higher outcome version replaces a lower one; a redelivered or older one changes nothing. */
    @WithTransaction
    Uni<Void> record(OutcomeMeasured outcome) {
        return scorecard.apply(outcome);
    }
}
