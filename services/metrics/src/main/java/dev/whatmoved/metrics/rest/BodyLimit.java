package dev.whatmoved.metrics.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request that announces a body over the limit ({@code quarkus.http.limits.max-body-size}) with a 413
 * problem before reading any of it; a chunked body over the limit is cut off by the HTTP server itself.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final OtlpRouterErrors otlp;

    public BodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size")
                    io.quarkus.runtime.configuration.MemorySize limit,
            OtlpRouterErrors otlp) {
        this.limit = limit.asLongValue();
        this.otlp = otlp;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null
                    && length.chars().allMatch(Character::isDigit)
                    && length.length() < 19
                    && Long.parseLong(length) > limit) {
                if (otlp.owns(ctx)) { // OTLP/HTTP answers a google.rpc.Status
                    otlp.send(
                            ctx,
                            new dev.whatmoved.kit.problem.Problem(
                                    dev.whatmoved.kit.problem.ProblemMappers.TYPE_BASE + "payload-too-large",
                                    "Payload too large",
                                    413,
                                    "the body has " + length + " bytes; at most " + limit
                                            + " (10 MiB) are taken per request: split it",
                                    ctx.request().path(),
                                    java.util.List.of()),
                            true);
                    return;
                }
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"https://whatmoved.dev/problems/payload-too-large\",\"title\":\"Payload too"
                                + " large\",\"status\":413,\"detail\":\"the body has " + length + " bytes; at most "
                                + limit + " (10 MiB) are taken per request: split it\",\"instance\":\""
                                + ctx.request().path().replace("\"", "") + "\"}");
                return;
            }
            ctx.next();
        });
    }
}
