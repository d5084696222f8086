package dev.whatmoved.metrics.messaging;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.messaging.CloudEventConsumer;
import dev.whatmoved.metrics.announce.InterestDeclarations;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** What the consumers of rollup events read ({@code metric.interest.v1} on {@code whatmoved.metric-interest}). */
@ApplicationScoped
public class InterestConsumer {

    private final CloudEventConsumer consumer;
    private final InterestDeclarations declarations;

    public InterestConsumer(CloudEventConsumer consumer, InterestDeclarations declarations) {
        this.consumer = consumer;
        this.declarations = declarations;
    }

    @Incoming("metric-interest")
    public Uni<Void> interest(Message<String> message) {
        return consumer.consume(message, EventType.METRIC_INTEREST, declarations::apply);
    }
}
