package dev.whatmoved.metrics.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.whatmoved.kit.openapi.ProblemAnswers;
import dev.whatmoved.kit.outage.DatabaseOutage;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.ingest.Rejection;
import dev.whatmoved.metrics.service.OtlpService;
import dev.whatmoved.metrics.service.Outages;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** OTLP/HTTP metrics, as an OpenTelemetry Collector's {@code otlphttp} exporter sends them. */
@Path("/v1/metrics")
public class OtlpResource {

    static final String PROTOBUF = "application/x-protobuf";

    private final OtlpService otlp;
    private final ObjectMapper mapper;
    private final DatabaseOutage outage;

    public OtlpResource(OtlpService otlp, ObjectMapper mapper, DatabaseOutage outage) {
        this.outage = outage;
        this.otlp = otlp;
        this.mapper = mapper;
    }

    @RolesAllowed(Scopes.METRICS_WRITE)
    @POST
    @Blocking
    @Consumes({PROTOBUF, MediaType.APPLICATION_JSON})
    @Operation(
            operationId = "exportOtlpMetrics",
            summary = "OTLP/HTTP metrics export (protobuf or JSON)",
            description = "Gauges, sums (delta; cumulative turned into deltas per series), histograms' count and sum."
                    + " The metric name, lower-cased with / as ., is the catalogue key; attributes become dimensions"
                    + " (see docs/metrics.md). Errors are a google.rpc.Status, not problem+json."
                    + " Data points that cannot be taken are counted in partialSuccess.")
    @Extension(
            name = ProblemAnswers.ERROR_BODY,
            value = "google.rpc.Status, protobuf or JSON as the request (OTLP/HTTP; docs/metrics.md)")
    @APIResponse(responseCode = "200", description = "ExportMetricsServiceResponse, in the request's encoding")
    @APIResponse(
            responseCode = "400",
            description = "The body is not an OTLP metrics request; errors of /v1/metrics are a google.rpc.Status"
                    + " (protobuf, or JSON for a JSON request), not problem+json")
    @APIResponse(responseCode = "415", description = "Not protobuf or JSON (Accept-Post names both)")
    @APIResponse(responseCode = "503", description = "The database cannot serve now; retry after Retry-After")
    public Uni<Response> export(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body)
            throws IOException {
        boolean json = contentType != null && contentType.startsWith(MediaType.APPLICATION_JSON);
        byte[] bytes = body == null ? new byte[0] : body;
        ExportMetricsServiceRequest request = json ? OtlpJson.parse(bytes, mapper) : parse(bytes);
        return exportOrUnavailable(request).map(result -> {
            ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
            if (!result.rejections().isEmpty()) {
                response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(result.rejections().size())
                        .setErrorMessage(result.rejections().stream()
                                .limit(20)
                                .map(OtlpResource::describe)
                                .collect(Collectors.joining("; "))));
            }
            try {
                return json
                        ? Response.ok(JsonFormat.printer().print(response), MediaType.APPLICATION_JSON)
                                .build()
                        : Response.ok(response.build().toByteArray(), PROTOBUF).build();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The export; a database that cannot serve now is a 503 with Retry-After (OtlpErrors), which a Collector retries. */
    private Uni<OtlpService.Result> exportOrUnavailable(ExportMetricsServiceRequest request) {
        return otlp.export(request).onFailure(Outages::is).transform(this::unavailable);
    }

    /**
     * The 503 for a database that cannot serve now: an unreachable one is logged once per outage (kit DatabaseOutage),
     * a timeout or a lost serialization conflict at DEBUG (the Collector retries).
     */
    private ProblemException unavailable(Throwable failure) {
        if (!outage.report(failure)) {
            Log.debugf("OTLP export refused for now, the database cannot serve: %s", failure);
        }
        Throwable outage = failure;
        return new ProblemException(
                503,
                "service-unavailable",
                "Service unavailable",
                "the metrics database cannot serve now (" + outage.getClass().getSimpleName()
                        + "); nothing of this export was stored: retry it",
                java.util.List.of());
    }

    private static String describe(Rejection r) {
        return "data point " + r.index() + " (" + r.reason() + ")";
    }

    private static ExportMetricsServiceRequest parse(byte[] body) {
        try {
            return ExportMetricsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ProblemException.invalid("body", "not an OTLP metrics request (protobuf): " + e.getMessage());
        }
    }
}
