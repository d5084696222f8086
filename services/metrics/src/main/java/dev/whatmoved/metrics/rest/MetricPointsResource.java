package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.service.RollupService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/metrics/{key}/points")
public class MetricPointsResource {

    static final int MAX_POINTS = 10_000;

    private final RollupService rollups;

    public MetricPointsResource(RollupService rollups) {
        this.rollups = rollups;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @ResponseStatus(202)
    @Operation(
            summary = "Add points to a metric",
            description = "Adds each point to its UTC day's rollup and publishes one metric.rollup event per changed"
                    + " day. Durable when answered.")
    @APIResponse(responseCode = "202", description = "Stored; the new state of every touched bucket")
    @APIResponse(responseCode = "400", description = "Invalid points (problem+json names each one)")
    public Uni<IngestResult> add(
            @PathParam("key")
                    @Pattern(
                            regexp = "[a-z0-9][a-z0-9._-]{0,127}",
                            message = "must be a metric key: lowercase letters, digits, dots, underscores and dashes")
                    String key,
            @NotEmpty @Size(max = MAX_POINTS) List<@Valid @NotNull PointRequest> points) {
        return rollups.ingest(key, points);
    }
}
