package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.pull.PullDefinitions;
import dev.whatmoved.metrics.pull.SourceRequest;
import dev.whatmoved.metrics.pull.SourceView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Pulled metrics: a metric's source (SQL, Prometheus), pulled on a schedule into its rollups. */
@Path("/api/metrics/{key}/source")
public class MetricSourceResource {

    private final PullDefinitions definitions;

    public MetricSourceResource(PullDefinitions definitions) {
        this.definitions = definitions;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @PUT
    @Operation(
            operationId = "putMetricSource",
            summary = "Pull a metric from where it lives (define or change its source)",
            description = "The source names a connection from configuration; its URL and credentials are never"
                    + " shown. The metric is pulled at once and then every `every`; the pulled rows replace the"
                    + " rollup buckets they fall into (as a history import), with the watermark in the same"
                    + " transaction. Changing what is pulled starts again from the backfill.")
    @APIResponse(
            responseCode = "201",
            description = "Defined",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/metrics/{key}/source",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SourceView.class)))
    @APIResponse(
            responseCode = "200",
            description = "Changed (or the same again)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "400", description = "Invalid source (problem+json names each field)")
    @APIResponse(responseCode = "404", description = "No such metric")
    public Uni<Response> put(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key,
            @Valid @NotNull SourceRequest request) {
        return definitions.define(key, request).map(saved -> {
            SourceView view = SourceView.of(saved.state());
            return saved.created()
                    ? Response.created(URI.create("/api/metrics/" + key + "/source"))
                            .entity(view)
                            .build()
                    : Response.ok(view).build();
        });
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Operation(operationId = "getMetricSource", summary = "A pulled metric's source and how its pulls went")
    @APIResponse(
            responseCode = "200",
            description = "The source and its status",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "404", description = "The metric is not pulled")
    public Uni<SourceView> get(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key) {
        return definitions.find(key).map(state -> {
            if (state == null) {
                throw ProblemException.notFound("metric source", key);
            }
            return SourceView.of(state);
        });
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @DELETE
    @Operation(operationId = "deleteMetricSource", summary = "Stop pulling a metric (its rollups stay)")
    @APIResponse(responseCode = "204", description = "No longer pulled")
    @APIResponse(responseCode = "404", description = "The metric is not pulled")
    public Uni<Response> delete(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key) {
        return definitions.remove(key).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound("metric source", key);
            }
            return Response.noContent().build();
        });
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @Path("/pull")
    @Operation(
            operationId = "pullMetricSourceNow",
            summary = "Pull a metric now instead of at its next time",
            description = "Makes the source due: the next round of the scheduler (within whatmoved.metrics.pull.tick)"
                    + " pulls it. Read its status to see the outcome.")
    @APIResponse(
            responseCode = "202",
            description = "Due now: the source as it is before that pull",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "404", description = "The metric is not pulled")
    public Uni<Response> pullNow(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key) {
        return definitions.pullNow(key).map(state -> {
            if (state == null) {
                throw ProblemException.notFound("metric source", key);
            }
            return Response.accepted(SourceView.of(state)).build();
        });
    }
}
