package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.function.BiConsumer;

/**
 * Every error answer of {@code /v1/metrics} in OTLP/HTTP's form instead of problem+json: a {@code google.rpc.Status}
 * (see {@link OtlpStatus}), protobuf or JSON as the request was, the HTTP status kept. A 415 names the types taken in
 * {@code Accept-Post}; a 503 (the database unreachable or overloaded) carries {@code Retry-After}, so a Collector
 * retries it. This response filter converts the REST layer's problems; {@link OtlpRouterErrors} writes those the HTTP
 * router answers before it.
 */
@Provider
public class OtlpErrors implements ContainerResponseFilter {

    static final String PATH = "/v1/metrics";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400
                || !(response.getEntity() instanceof Problem problem)
                || !PATH.equals(request.getUriInfo().getPath())) {
            return;
        }
        boolean json = OtlpStatus.json(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
        response.setEntity(
                OtlpStatus.body(response.getStatus(), message(problem), json),
                null,
                MediaType.valueOf(json ? OtlpStatus.JSON : OtlpStatus.PROTOBUF));
        headers(problem, (name, value) -> response.getHeaders().putSingle(name, value));
    }

    /**
     * {@code Accept-Post} with a 415 for the body's type ({@code Accept-Encoding} for its content encoding),
     * {@code Retry-After} with a 503.
     */
    static void headers(Problem problem, BiConsumer<String, String> header) {
        int status = problem.status();
        if (status == 415 && problem.type() != null && problem.type().endsWith("/unsupported-content-encoding")) {
            header.accept("Accept-Encoding", "gzip");
        } else if (status == 415) {
            header.accept("Accept-Post", OtlpStatus.ACCEPTED_TYPES);
        } else if (status == 503) {
            header.accept("Retry-After", OtlpStatus.RETRY_AFTER_SECONDS);
        }
    }

    /** The problem's detail, which names the field at fault where there is one. */
    static String message(Problem problem) {
        String detail = problem.detail();
        return detail == null || detail.isBlank() ? problem.title() : detail;
    }
}
