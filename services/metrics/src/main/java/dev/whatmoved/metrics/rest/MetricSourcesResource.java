package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.pull.PullDefinitions;
import dev.whatmoved.metrics.pull.SourceView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Every pulled metric's source, for an overview (the readiness check lists the failing ones too). */
@Path("/api/metric-sources")
public class MetricSourcesResource {

    private final PullDefinitions definitions;

    public MetricSourcesResource(PullDefinitions definitions) {
        this.definitions = definitions;
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Operation(operationId = "listMetricSources", summary = "Every pulled metric's source and status, by metric")
    public Uni<List<SourceView>> list() {
        return definitions
                .list()
                .map(states -> states.stream().map(SourceView::of).toList());
    }
}
