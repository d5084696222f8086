package dev.whatmoved.metrics.health;

import dev.whatmoved.metrics.repository.QuarantineRepository;
import dev.whatmoved.metrics.repository.StagingRepository;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The staging table, as data: how many rows wait for the rollups, and how many buckets were quarantined (the rollups
 * refused them) with the newest one's time and reason. Quarantined buckets do not make the service unready: the rest
 * of the staging table goes on, and taking the instance out of its Service would only stop the good points too. They are an
 * operator's task (docs/operations.md), which {@code whatmoved_intake_quarantined_total} alerts on. Down only when the
 * database cannot be asked (as its own check is).
 */
@Readiness
@ApplicationScoped
public class StagingCheck implements AsyncHealthCheck {

    private final StagingRepository staging;
    private final QuarantineRepository quarantine;

    public StagingCheck(StagingRepository staging, QuarantineRepository quarantine) {
        this.staging = staging;
        this.quarantine = quarantine;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine()
                .all()
                .unis(staging.backlog(), quarantine.summary())
                .asTuple()
                .map(found -> {
                    QuarantineRepository.Summary quarantined = found.getItem2();
                    HealthCheckResponseBuilder response = HealthCheckResponse.named("metric-point intake")
                            .up()
                            .withData("waitingRows", found.getItem1()[0])
                            .withData("quarantined", quarantined.count());
                    if (quarantined.newestAt() != null) {
                        response.withData(
                                        "newestQuarantinedAt",
                                        quarantined.newestAt().toString())
                                .withData("newestQuarantineReason", quarantined.newestReason());
                    }
                    return response.build();
                })
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named("metric-point intake")
                        .down()
                        .withData("error", failure.toString())
                        .build());
    }
}
