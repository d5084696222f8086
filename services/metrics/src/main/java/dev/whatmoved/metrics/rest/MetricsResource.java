package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.domain.Aggregation;
import dev.whatmoved.metrics.domain.GoodDirection;
import dev.whatmoved.metrics.domain.MetricDefinition;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/metrics")
public class MetricsResource {

    private final Catalogue catalogue;

    public MetricsResource(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @Operation(
            operationId = "registerMetric",
            summary = "Register a metric",
            description = "Points of a metric are accepted only once it is registered. The same definition again"
                    + " answers 200; another definition under an existing key is a conflict.")
    @APIResponse(
            responseCode = "201",
            description = "Registered",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/metrics/{key}",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = MetricDefinition.class)))
    @APIResponse(
            responseCode = "200",
            description = "Already registered with this definition",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = MetricDefinition.class)))
    @APIResponse(responseCode = "400", description = "Invalid definition (problem+json names each field)")
    @APIResponse(responseCode = "409", description = "The key exists with another definition")
    public Uni<Response> register(@Valid @NotNull MetricRequest request) {
        List<String> dimensions =
                request.dimensions() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.dimensions()));
        if (request.dimensions() != null
                && dimensions.size() != request.dimensions().size()) {
            throw ProblemException.invalid("dimensions", "must not name a dimension twice");
        }
        MetricDefinition metric = new MetricDefinition(
                request.key(),
                request.name() == null || request.name().isBlank() ? request.key() : request.name(),
                request.unit(),
                Aggregation.of(request.aggregation()),
                GoodDirection.of(request.goodDirection()),
                dimensions,
                request.description(),
                Instant.now());
        return catalogue
                .register(metric)
                .map(registration -> registration.created()
                        ? Response.created(URI.create("/api/metrics/" + metric.key()))
                                .entity(registration.metric())
                                .build()
                        : Response.ok(registration.metric()).build());
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Operation(operationId = "listMetrics", summary = "The catalogue: every registered metric, by key")
    public Uni<List<MetricDefinition>> list() {
        return catalogue.list();
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/{key}")
    @Operation(operationId = "getMetric", summary = "One metric's definition")
    @APIResponse(
            responseCode = "200",
            description = "The definition",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = MetricDefinition.class)))
    @APIResponse(responseCode = "404", description = "No such metric")
    public Uni<MetricDefinition> get(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key) {
        return catalogue.get(key).map(metric -> {
            if (metric == null) {
                throw ProblemException.notFound("metric", key);
            }
            return metric;
        });
    }
}
