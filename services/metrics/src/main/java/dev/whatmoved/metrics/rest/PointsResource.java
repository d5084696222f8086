package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.ingest.Checked;
import dev.whatmoved.metrics.ingest.PointReader;
import dev.whatmoved.metrics.ingest.RejectionLabels;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.service.IngestReport;
import dev.whatmoved.metrics.service.IngestService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/points")
public class PointsResource {

    private final IngestService ingest;

    public PointsResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @Blocking // parsing up to 10 MiB is CPU work: off the event loop
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", MediaType.TEXT_PLAIN})
    @Operation(
            operationId = "addPoints",
            summary = "Add points of any metrics (NDJSON or a JSON array)",
            description = "Each point names its metric. Valid points are taken even when others are not; the answer"
                    + " counts both and gives each rejected line's number and reason. Durable when answered.")
    @APIResponse(
            responseCode = "202",
            description = "Valid points stored; rejected ones listed with reasons",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IngestReport.class)))
    @APIResponse(responseCode = "400", description = "Empty body, no point, or not well-formed JSON")
    @APIResponse(responseCode = "422", description = "No point could be taken (problem+json lists why, per line)")
    public Uni<Response> add(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "must hold points: NDJSON or a JSON array");
        }
        Checked checked = ingest.checkBlocking(sink -> PointReader.read(body, new RefuseMalformed(sink)), null);
        if (checked.accepted() == 0 && checked.rejections().isEmpty()) {
            throw ProblemException.invalid(
                    "body",
                    "holds no point: NDJSON (one point object per line) or a JSON array"
                            + " of point objects expected");
        }
        boolean array = RejectionLabels.isArray(body);
        return ingest.ingest(checked, OperatorMetrics.HTTP).map(report -> answer(report, array));
    }

    /**
     * 202 when anything was taken; 422 with every reason when nothing could be, each point named where its sender
     * finds it ({@code [i]} in a JSON array, {@code line n} otherwise: see {@link RejectionLabels}).
     */
    static Response answer(IngestReport report, boolean array) {
        if (report.accepted() == 0 && report.rejected() > 0) {
            List<Problem.FieldError> errors = report.rejections().stream()
                    .map(r -> RejectionLabels.fieldError(array, r))
                    .toList();
            throw new ProblemException(
                    422,
                    "no-valid-points",
                    "No valid points",
                    "none of the " + report.rejected() + " points could be taken; first: "
                            + RejectionLabels.describe(
                                    array, report.rejections().get(0)),
                    errors);
        }
        return Response.accepted(report).build();
    }
}
