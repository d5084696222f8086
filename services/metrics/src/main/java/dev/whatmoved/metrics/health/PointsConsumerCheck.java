package dev.whatmoved.metrics.health;

import dev.whatmoved.metrics.messaging.PointsConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the metric-points consumer runs (when it is enabled). */
@Readiness
@ApplicationScoped
public class PointsConsumerCheck implements HealthCheck {

    private final PointsConsumer consumer;

    public PointsConsumerCheck(PointsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("metric-points consumer")
                .status(consumer.running())
                .build();
    }
}
