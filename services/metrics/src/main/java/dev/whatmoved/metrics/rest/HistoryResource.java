package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.ingest.CsvReader;
import dev.whatmoved.metrics.ingest.PointReader;
import dev.whatmoved.metrics.service.HistoryImport;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/metrics/{key}/history")
public class HistoryResource {

    private final Catalogue catalogue;
    private final HistoryImport history;

    public HistoryResource(Catalogue catalogue, HistoryImport history) {
        this.catalogue = catalogue;
        this.history = history;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @Blocking // parsing up to 10 MiB is CPU work: off the event loop
    // any content type: the body says what it is (curl --data-binary sends form encoding unless told otherwise)
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "importMetricHistory",
            summary = "Import a metric's history, of any age (all or nothing, idempotent)",
            description = "CSV (a header row: timestamp,value or numerator,denominator, then one column per dimension)"
                    + " or NDJSON / a JSON array of points, told apart by the first character ({ or [: JSON). The"
                    + " late limit of live points does not apply. The buckets the points fall into (hours and days,"
                    + " total and dimension combinations) are set to what the file's points make: the same file again"
                    + " changes nothing; a corrected file gives each bucket it changes a new revision (announced as"
                    + " metric.rollup.v1, so attribution re-measures). Buckets the file has no point in are left as"
                    + " they are. One invalid line refuses the file. Up to 10 MiB per request.")
    @APIResponse(responseCode = "200", description = "Imported: points, span, buckets created, revised and unchanged")
    @APIResponse(
            responseCode = "400",
            description = "An invalid line or header (problem+json names each line and field)")
    @APIResponse(responseCode = "422", description = "Unknown metric")
    public Uni<HistoryImport.Result> importHistory(
            @PathParam("key") @Pattern(regexp = MetricRequest.KEY, message = "must be a metric key") String key,
            byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        MetricDefinition metric = catalogue.getBlocking(key);
        if (metric == null) {
            throw MetricProblems.unknownMetric("key", key);
        }
        if (isJson(bytes)) {
            return history.importHistory(metric, sink -> PointReader.read(bytes, sink));
        }
        CsvReader.Header header;
        try {
            header = CsvReader.header(bytes);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("header", e.getMessage());
        }
        CsvResource.checkDimensions(metric, header);
        return history.importHistory(metric, sink -> CsvReader.read(bytes, sink));
    }

    /** NDJSON or a JSON array: the first character (after a byte order mark and white space) opens an object or array. */
    static boolean isJson(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf
                ? 3
                : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }
}
