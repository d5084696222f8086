package dev.whatmoved.console.door;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The last route: a path no page, bundle file or endpoint answered gets the console's 404 page (or a 400 page when the
 * URL itself is malformed), not Vert.x's bare "Resource not found".
 */
@ApplicationScoped
public class UnknownPaths {

    private final ErrorPages pages;

    public UnknownPaths(ErrorPages pages) {
        this.pages = pages;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(this::answer);
    }

    private void answer(RoutingContext context) {
        String rawPath = context.request().path();
        UrlProblem problem = UrlCheck.of(rawPath, context.request().query())
                .orElseGet(() -> UrlProblem.notFound("the console has no page at " + rawPath));
        pages.answer(problem, context.request().getHeader(HttpHeaders.ACCEPT))
                .subscribe()
                .with(
                        answer -> context.response()
                                .setStatusCode(answer.status())
                                .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                                .end(answer.body()),
                        context::fail);
    }
}
