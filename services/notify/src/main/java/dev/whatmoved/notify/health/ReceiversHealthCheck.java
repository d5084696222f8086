package dev.whatmoved.notify.health;

import dev.whatmoved.notify.config.NotifyConfig;
import dev.whatmoved.notify.domain.Rule;
import dev.whatmoved.notify.repository.RuleRepository;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Names the receivers that keep failing, in {@code /q/health/ready}. The check itself stays UP: a team's broken
 * webhook must not take the service out of its load balancer (the other teams' deliveries and the consumers work on).
 * Its data names each failing rule with its failures in a row and last error, never its URL.
 */
@Readiness
@ApplicationScoped
public class ReceiversHealthCheck implements AsyncHealthCheck {

    static final String NAME = "notification receivers";

    private final RuleRepository rules;
    private final NotifyConfig config;

    public ReceiversHealthCheck(RuleRepository rules, NotifyConfig config) {
        this.rules = rules;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return rules.failing(config.failingAfter())
                .map(failing -> {
                    HealthCheckResponseBuilder response =
                            HealthCheckResponse.named(NAME).up().withData("failing", failing.size());
                    for (Rule rule : failing) {
                        response.withData(
                                "rule " + rule.id(),
                                "%s/%s (%s): %d failures in a row, the last at %s: %s"
                                        .formatted(
                                                rule.team(),
                                                rule.name(),
                                                rule.channel().wire(),
                                                rule.consecutiveFailures(),
                                                rule.lastFailureAt(),
                                                rule.lastError()));
                    }
                    return response.build();
                })
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named(NAME)
                        .up()
                        .withData("failing", "unknown: the database did not answer")
                        .build());
    }
}
