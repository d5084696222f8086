package dev.whatmoved.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.kit.outage.DatabaseOutage;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemMappers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Problems answered by the HTTP router, before (or after) the REST layer, in the same form as the REST layer's. */
final class ProblemResponses {

    private ProblemResponses() {}

    static Problem problem(int status, String kind, String title, String detail, RoutingContext ctx) {
        return new Problem(ProblemMappers.TYPE_BASE + kind, title, status, detail, path(ctx), List.of());
    }

    /** Sends {@code problem}; with {@code close}, closes the connection after it (the rest of the request is not read). */
    static void send(RoutingContext ctx, ObjectMapper json, Problem problem, boolean close) {
        HttpServerResponse response = ctx.response();
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        }
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(body);
    }

    /** The request's path as sent (still percent-encoded): it may be what was wrong, so it is not decoded. */
    static String path(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
