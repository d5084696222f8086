package dev.whatmoved.kit.http;

import dev.whatmoved.kit.problem.Problem;
import io.vertx.ext.web.RoutingContext;

/**
 * The error answers of a route whose protocol defines its own error body instead of {@code application/problem+json}
 * (OTLP/HTTP answers a {@code google.rpc.Status}). A bean implementing it writes the problems the HTTP router answers
 * before the REST layer ({@link RequestGuard}: request line, headers, body size, percent-encoding) for the requests it
 * owns; the REST layer's problems are the service's to convert (a response filter).
 */
public interface ErrorBodies {

    /** Whether the errors of this request are written by this bean. */
    boolean owns(RoutingContext ctx);

    /** Answers {@code problem} in the protocol's form (status, headers, body) and ends the response. */
    void send(RoutingContext ctx, Problem problem, boolean close);
}
