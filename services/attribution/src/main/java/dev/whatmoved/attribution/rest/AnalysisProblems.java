package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.AnalysisRefusedException;
import dev.whatmoved.kit.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused analysis: the kit's problem+json, plus {@code Retry-After}. */
public class AnalysisProblems {

    private static final String TYPE_BASE = "https://whatmoved.dev/problems/";

    @ServerExceptionMapper
    public Response refused(AnalysisRefusedException e, UriInfo uri) {
        return Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .entity(new Problem(
                        TYPE_BASE + e.kind(),
                        e.title(),
                        e.status(),
                        e.getMessage(),
                        uri == null ? null : uri.getPath(),
                        e.errors()))
                .build();
    }
}
