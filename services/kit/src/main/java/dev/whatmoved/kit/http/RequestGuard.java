package dev.whatmoved.kit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.kit.outage.DatabaseOutage;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP router's first handler and first failure handler, in every service: what is refused before the REST layer
 * (a request line or headers over the limits, a body announced over {@code quarkus.http.limits.max-body-size}, a
 * broken percent-encoding) and whatever fails outside it gets an {@code application/problem+json} answer, never an
 * empty body or a framework's page.
 */
@ApplicationScoped
public class RequestGuard {

    private final ObjectMapper json;
    private final HttpLimits limits;
    private final long maxBody;
    private final BodyHandler chunkedBodies;
    private final DatabaseOutage outage;
    private final Instance<ErrorBodies> errorBodies;

    public RequestGuard(
            ObjectMapper json,
            HttpLimits limits,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            DatabaseOutage outage,
            @Any Instance<ErrorBodies> errorBodies) {
        this.errorBodies = errorBodies;
        this.json = json;
        this.outage = outage;
        this.limits = limits;
        this.maxBody = maxBody.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.maxBody);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.route().order(Integer.MIN_VALUE + 1).handler(this::readChunked);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        // A target the router cannot even match (its path is not a path) fails before any route.
        router.errorHandler(400, this::failed);
    }

    /**
     * A body without a Content-Length (chunked) is read here, up to the limit, so that one over it fails into
     * {@link #failed} and gets a problem (the REST layer, which would read it otherwise, answers an empty 413). The
     * REST layer takes the body read here.
     */
    void readChunked(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            chunkedBodies.handle(ctx);
            return;
        }
        ctx.next();
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        int line = requestLineBytes(request);
        if (line > limits.maxRequestLine()) {
            send(
                    ctx,
                    ProblemResponses.problem(
                            414,
                            "uri-too-long",
                            "URI too long",
                            "the request line has " + line + " bytes; at most " + limits.maxRequestLine()
                                    + " are taken (put long input in the body)",
                            ctx),
                    true);
            return;
        }
        int headers = headerBytes(request.headers());
        if (headers > limits.maxHeaderBytes()) {
            send(
                    ctx,
                    ProblemResponses.problem(
                            431,
                            "header-fields-too-large",
                            "Request header fields too large",
                            "the header lines have " + headers + " bytes together; at most " + limits.maxHeaderBytes()
                                    + " are taken",
                            ctx),
                    true);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.isEmpty() && length.chars().allMatch(Character::isDigit)) {
            if (length.length() > 18 || Long.parseLong(length) > maxBody) {
                send(ctx, tooLarge("has " + length + " bytes", ctx), true);
                return;
            }
        }
        String broken = PercentEncoding.firstError(request.uri());
        if (broken != null) {
            send(
                    ctx,
                    ProblemResponses.problem(
                            400,
                            "malformed-uri",
                            "Malformed URI",
                            "the request's path or query is not a valid URI: " + broken,
                            ctx),
                    false);
            return;
        }
        ctx.next();
    }

    /** Sends {@code problem} as problem+json, or as the protocol of the route says ({@link ErrorBodies}). */
    private void send(RoutingContext ctx, Problem problem, boolean close) {
        for (ErrorBodies bodies : errorBodies) {
            if (bodies.owns(ctx)) {
                bodies.send(ctx, problem, close);
                return;
            }
        }
        ProblemResponses.send(ctx, json, problem, close);
    }

    private Problem tooLarge(String what, RoutingContext ctx) {
        return ProblemResponses.problem(
                413,
                "payload-too-large",
                "Payload too large",
                "the body " + what + "; at most " + maxBody + " bytes (" + Sizes.describe(maxBody)
                        + ") are taken per request: split it",
                ctx);
    }

    /**
     * A failure no REST exception mapper answered, or one the router itself raised (a path it cannot normalise, a
     * body over the limit while it streams in): answered as a problem. Authentication is left to Quarkus, which adds
     * its challenge.
     */
    void failed(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Throwable failure = ctx.failure();
        if (response.ended()
                || response.headWritten()
                || failure instanceof AuthenticationException
                || failure instanceof UnauthorizedException
                || failure instanceof ForbiddenException) {
            ctx.next();
            return;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        Problem problem;
        if (status == 413) {
            problem = tooLarge("is larger", ctx);
        } else if (status >= 400 && status < 500) {
            String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status)
                    .reasonPhrase();
            problem = ProblemResponses.problem(
                    status,
                    reason.toLowerCase().replaceAll("[^a-z0-9]+", "-"),
                    reason,
                    failure == null || failure.getMessage() == null ? reason : failure.getMessage(),
                    ctx);
        } else if (failure != null && outage.report(failure)) {
            problem = ProblemMappers.unavailable(ProblemResponses.path(ctx));
        } else {
            problem = ProblemMappers.unexpectedProblem(
                    failure != null ? failure : new IllegalStateException("status " + status + " without a cause"),
                    ProblemResponses.path(ctx));
        }
        send(ctx, problem, problem.status() == 413);
    }

    private static int requestLineBytes(HttpServerRequest request) {
        HttpVersion version = request.version();
        return request.method().name().length()
                + 1
                + request.uri().length()
                + 1
                + (version == null ? 8 : version.alpnName().length() + 3);
    }

    private static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + 2 + header.getValue().length() + 2;
        }
        return bytes;
    }
}
