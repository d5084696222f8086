package dev.whatmoved.metrics.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.metrics.model.Rejection;
import dev.whatmoved.metrics.service.OtlpService;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** OTLP/HTTP metrics, as an OpenTelemetry Collector's {@code otlphttp} exporter sends them. */
@Path("/v1/metrics")
public class OtlpResource {

    static final String PROTOBUF = "application/x-protobuf";

    private final OtlpService otlp;
    private final ObjectMapper mapper;

    public OtlpResource(OtlpService otlp, ObjectMapper mapper) {
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
                    + " The metric name is the catalogue key; attributes become dimensions (see docs/metrics.md)."
                    + " Data points that cannot be taken are counted in partialSuccess.")
    @APIResponse(responseCode = "200", description = "ExportMetricsServiceResponse, in the request's encoding")
    @APIResponse(responseCode = "400", description = "The body is not an OTLP metrics request")
    public Uni<Response> export(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body)
            throws IOException {
        boolean json = contentType != null && contentType.startsWith(MediaType.APPLICATION_JSON);
        byte[] bytes = body == null ? new byte[0] : body;
        ExportMetricsServiceRequest request = json ? OtlpJson.parse(bytes, mapper) : parse(bytes);
        return otlp.export(request).map(result -> {
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
