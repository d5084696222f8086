package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.ingest.Checked;
import dev.whatmoved.metrics.ingest.CsvReader;
import dev.whatmoved.metrics.ingest.MalformedRows;
import dev.whatmoved.metrics.operations.OperatorMetrics;
import dev.whatmoved.metrics.service.HistoryImport;
import dev.whatmoved.metrics.service.IngestReport;
import dev.whatmoved.metrics.service.IngestService;
import dev.whatmoved.metrics.service.MetricProblems;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/metrics/{key}/csv")
public class CsvResource {

    private final Catalogue catalogue;
    private final IngestService ingest;

    public CsvResource(Catalogue catalogue, IngestService ingest) {
        this.catalogue = catalogue;
        this.ingest = ingest;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @Blocking
    // any content type: curl --data-binary sends form encoding unless told otherwise
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "backfillMetricCsv",
            summary = "Backfill a metric from CSV",
            description = "A header row, then one point per row: timestamp,value (numerator,denominator for ratio"
                    + " metrics) and one column per dimension. A malformed row (a wrong number of fields, an unclosed"
                    + " quote, a value or timestamp that cannot be read) refuses the file with a 400 naming each such"
                    + " line. Otherwise valid rows are taken; the answer gives each rejected row's line number and"
                    + " reason. Up to 10 MiB per request.")
    @APIResponse(
            responseCode = "202",
            description = "Valid rows stored; rejected ones listed with reasons",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IngestReport.class)))
    @APIResponse(
            responseCode = "400",
            description = "No or a bad header row (a column that is no dimension), or malformed rows (each line named)")
    @APIResponse(responseCode = "422", description = "Unknown metric, or no row could be taken")
    public Uni<Response> backfill(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key,
            byte[] body) {
        CsvReader.Header header;
        try {
            header = CsvReader.header(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("header", e.getMessage());
        }
        MetricDefinition metric = catalogue.getBlocking(key);
        if (metric == null) {
            throw MetricProblems.unknownMetric("key", key);
        }
        checkDimensions(metric, header);
        List<MalformedRows> malformed = new ArrayList<>(1);
        Checked checked = ingest.checkBlocking(
                sink -> {
                    MalformedRows rows = new MalformedRows(sink);
                    malformed.add(rows);
                    CsvReader.read(body, rows);
                },
                key);
        if (!malformed.get(0).rows().isEmpty()) {
            throw HistoryImport.refused(malformed.get(0).rows());
        }
        return ingest.ingest(checked, OperatorMetrics.CSV).map(report -> PointsResource.answer(report, false));
    }

    /** 400 {@code header.<column>} for a column that is not a dimension of {@code metric}. */
    static void checkDimensions(MetricDefinition metric, CsvReader.Header header) {
        for (String dimension : header.dimensions()) {
            if (!metric.allowsDimension(dimension)) {
                throw ProblemException.invalid(
                        "header." + dimension,
                        "not a dimension of " + metric.key()
                                + (metric.dimensions().isEmpty()
                                        ? " (it declares none)"
                                        : " (declared: " + String.join(", ", metric.dimensions()) + ")"));
            }
        }
    }
}
