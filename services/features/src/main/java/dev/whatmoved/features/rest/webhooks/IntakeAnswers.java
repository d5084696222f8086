package dev.whatmoved.features.rest.webhooks;

import dev.whatmoved.features.intake.IntakeMetrics;
import dev.whatmoved.features.intake.ReleaseIntake;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts the release deliveries the intake endpoints refuse (any 4xx, problem+json) or ignore (a webhook answer
 * {@code ignored}) in {@link IntakeMetrics}; the stored and duplicate ones are counted where the release is stored.
 * Requests refused before they reach an endpoint (authentication, the HTTP body limit) are not counted here:
 * {@code http_server_requests_seconds_count} has them.
 */
public class IntakeAnswers {

    private static final Map<String, String> SOURCES = Map.of(
            "/api/releases", ReleaseIntake.API,
            "/webhooks/github", ReleaseIntake.GITHUB,
            "/webhooks/gitlab", ReleaseIntake.GITLAB,
            "/webhooks/cdevents", ReleaseIntake.CDEVENTS);

    private final IntakeMetrics metrics;

    public IntakeAnswers(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"POST".equals(request.getMethod())) {
            return;
        }
        String source = SOURCES.get(request.getUriInfo().getPath());
        if (source == null) {
            return;
        }
        if (response.getStatus() >= 400 && response.getStatus() < 500) {
            metrics.count(source, IntakeMetrics.REJECTED);
        } else if (response.getEntity() instanceof WebhookAnswer answer && "ignored".equals(answer.status())) {
            metrics.count(source, IntakeMetrics.IGNORED);
        }
    }
}
