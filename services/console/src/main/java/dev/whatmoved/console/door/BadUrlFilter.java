package dev.whatmoved.console.door;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The console's door: a URL that breaks {@link UrlCheck}'s rules is answered 400 before any page asks a service, so a
 * NUL in a key never reaches a service's database and nothing is logged as an error.
 */
public class BadUrlFilter {

    private final ErrorPages pages;

    public BadUrlFilter(ErrorPages pages) {
        this.pages = pages;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> check(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        return UrlCheck.of(uri.getRawPath(), uri.getRawQuery())
                .map(problem -> pages.answer(problem, request.getHeaderString(HttpHeaders.ACCEPT))
                        .map(answer -> Response.status(answer.status())
                                .type(answer.contentType())
                                .entity(answer.body())
                                .build()))
                .orElse(Uni.createFrom().nullItem());
    }
}
