package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.http.ErrorBodies;
import dev.whatmoved.kit.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTP router's refusals of {@code /v1/metrics} (a body over the limit, a request line or headers over theirs) as
 * OTLP/HTTP's {@code google.rpc.Status}, like the REST layer's ({@link OtlpErrors}).
 */
@ApplicationScoped
public class OtlpRouterErrors implements ErrorBodies {

    @Override
    public boolean owns(RoutingContext ctx) {
        return OtlpErrors.PATH.equals(ctx.request().path());
    }

    @Override
    public void send(RoutingContext ctx, Problem problem, boolean close) {
        boolean json = OtlpStatus.json(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        var response = ctx.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, json ? OtlpStatus.JSON : OtlpStatus.PROTOBUF);
        OtlpErrors.headers(problem, response::putHeader);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Buffer.buffer(OtlpStatus.body(problem.status(), OtlpErrors.message(problem), json)));
    }
}
