package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.ingest.Batch;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.RejectionLabels;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.service.IngestService;
import dev.whatmoved.metrics.service.MetricProblems;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/metrics/{key}/points")
public class MetricPointsResource {

    static final int MAX_POINTS = 10_000;

    private final IngestService ingest;
    private final OperatorMetrics operatorMetrics;
    private final ZoneId zone;

    public MetricPointsResource(IngestService ingest, MetricsConfig config, OperatorMetrics operatorMetrics) {
        this.ingest = ingest;
        this.operatorMetrics = operatorMetrics;
        this.zone = config.reportingZone();
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @ResponseStatus(202)
    @Operation(
            operationId = "addMetricPoints",
            summary = "Add points to a metric (all or nothing)",
            description = "Adds each point to its hour and day rollups (total and dimension combination). One invalid"
                    + " point rejects the batch. Durable when answered; changed buckets are announced as"
                    + " metric.rollup.v1 events.")
    @APIResponse(
            responseCode = "202",
            description = "Stored; the new state of every touched day (total)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PointsResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid points (problem+json names each one)")
    @APIResponse(responseCode = "422", description = "The metric is not registered")
    public Uni<PointsResult> add(
            @PathParam("key")
                    @Pattern(
                            regexp = MetricRequest.KEY,
                            message = "must be a metric key: lowercase letters, digits, dots, underscores and dashes")
                    String key,
            @NotEmpty @Size(max = MAX_POINTS) List<@Valid @NotNull PointRequest> points) {
        Batch batch = new Batch();
        for (int i = 0; i < points.size(); i++) {
            PointRequest p = points.get(i);
            PointInput input = new PointInput();
            input.timestamp = p.timestamp();
            input.value = p.value();
            input.numerator = p.numerator();
            input.denominator = p.denominator();
            input.dimensions = p.dimensions() == null ? null : new TreeMap<>(p.dimensions());
            input.index = i;
            input.line = i + 1;
            batch.point(input);
        }
        return ingest.check(batch, key).flatMap(checked -> {
            // all or nothing: a rejected point refuses the request
            operatorMetrics.points(
                    OperatorMetrics.HTTP,
                    checked.rejections().isEmpty() ? checked.accepted() : 0,
                    checked.rejections());
            if (!checked.rejections().isEmpty()) {
                if (checked.rejections().get(0).reason().startsWith("metric: unknown")) {
                    throw MetricProblems.unknownMetric("key", key);
                }
                throw MetricProblems.invalid(checked.rejections().stream()
                        .map(r -> RejectionLabels.fieldError(true, r))
                        .toList());
            }
            return ingest.write(checked)
                    .map(states -> new PointsResult(
                            key,
                            points.size(),
                            states.stream()
                                    .filter(s -> s.granularity() == Granularity.DAY
                                            && Dimensions.TOTAL.equals(s.dimensions()))
                                    .sorted(java.util.Comparator.comparing(s -> s.bucketStart()))
                                    .map(s -> new PointsResult.Day(
                                            key,
                                            LocalDate.ofInstant(s.bucketStart(), zone),
                                            s.sum(),
                                            s.count(),
                                            s.revision()))
                                    .toList()));
        });
    }
}
