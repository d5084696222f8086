package dev.whatmoved.metrics.health;

import dev.whatmoved.metrics.pull.PullRepository;
import dev.whatmoved.metrics.pull.PullState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Pulled metrics, as data: how many sources fail, and for each failing one its error (credentials removed) and since
 * when. Like quarantined points, a failing source does not make the service unready: a warehouse being down is no
 * reason to stop taking the other metrics' points. It is an operator's task that {@code whatmoved_pulls_total{outcome=
 * "failure"}} and {@code whatmoved_pull_last_success_seconds} alert on. Down only when the database cannot be asked.
 */
@Readiness
@ApplicationScoped
public class PullCheck implements AsyncHealthCheck {

    static final String NAME = "metric pulls";

    private final PullRepository repository;

    public PullCheck(PullRepository repository) {
        this.repository = repository;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return repository
                .failing()
                .map(failing -> {
                    HealthCheckResponseBuilder response =
                            HealthCheckResponse.named(NAME).up().withData("failing", failing.size());
                    for (PullState state : failing) {
                        response.withData(
                                state.metric(),
                                state.definition().kind() + " source (connection "
                                        + state.definition().connection()
                                        + ") failing since " + state.lastErrorAt() + " ("
                                        + state.consecutiveFailures() + " pulls): " + state.lastError());
                    }
                    return response.build();
                })
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData("error", failure.toString())
                        .build());
    }
}
