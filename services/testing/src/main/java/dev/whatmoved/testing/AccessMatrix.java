package dev.whatmoved.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.kit.security.Scopes;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every endpoint of a service × every scope (and none, and broken tokens), asserting 2xx, 401 or 403 exactly; and
 * that the list of endpoints is the service's whole OpenAPI document, so a new endpoint cannot slip past it.
 */
public final class AccessMatrix {

    /**
     * One endpoint: its OpenAPI path template, the scope it needs, and how to make a request that succeeds.
     *
     * @param path a concrete path for each request (e.g. of a release that exists)
     * @param body a request body for each request, or null
     */
    public record Endpoint(String method, String template, String scope, Supplier<String> path, Supplier<String> body) {

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Set<String> ownScheme = new HashSet<>();
    private final List<String> tokensSent = new ArrayList<>();
    private final Map<String, Function<Response, String>> errorBodies = new HashMap<>();
    private final java.util.Map<Endpoint, String> contentTypes = new java.util.IdentityHashMap<>();
    private final java.util.Map<Endpoint, Set<String>> alsoAllowed = new java.util.IdentityHashMap<>();

    public AccessMatrix get(String template, String scope, Supplier<String> path) {
        endpoints.add(new Endpoint("GET", template, scope, path, null));
        return this;
    }

    public AccessMatrix post(String template, String scope, Supplier<String> path, Supplier<String> body) {
        endpoints.add(new Endpoint("POST", template, scope, path, body));
        return this;
    }

    /** A POST whose body is not JSON (CSV, NDJSON): sent with {@code contentType}. */
    public AccessMatrix post(
            String template, String scope, Supplier<String> path, String contentType, Supplier<String> body) {
        endpoints.add(new Endpoint("POST", template, scope, path, body));
        contentTypes.put(endpoints.get(endpoints.size() - 1), contentType);
        return this;
    }

    /** The endpoint listed last also admits {@code scopes} (a resource's {@code @RolesAllowed} naming several). */
    public AccessMatrix alsoAllowing(String... scopes) {
        alsoAllowed.put(endpoints.get(endpoints.size() - 1), Set.of(scopes));
        return this;
    }

    public AccessMatrix put(String template, String scope, Supplier<String> path, Supplier<String> body) {
        endpoints.add(new Endpoint("PUT", template, scope, path, body));
        return this;
    }

    public AccessMatrix delete(String template, String scope, Supplier<String> path) {
        endpoints.add(new Endpoint("DELETE", template, scope, path, null));
        return this;
    }

    /**
     * An endpoint that authenticates its callers by a scheme of its own (a webhook's HMAC signature or shared token),
     * tested by its own tests: listed so that the coverage check knows it, exempt from the bearer-token checks.
     */
    public AccessMatrix ownScheme(String method, String template) {
        ownScheme.add(method + " " + template);
        return this;
    }

    /**
     * An endpoint whose protocol answers errors in a body of its own instead of problem+json (OTLP/HTTP: a
     * {@code google.rpc.Status}): its 401 and 403 are read by {@code message}, which returns the error's message (or
     * fails when the body is not one); the statuses, the challenge and the scope named in a 403 are checked as for every
     * endpoint.
     */
    public AccessMatrix errorBody(String method, String template, Function<Response, String> message) {
        errorBodies.put(method + " " + template, message);
        return this;
    }

    /** Asserts the exact status of every endpoint for every kind of caller. */
    public AccessMatrix assertEnforced() {
        for (Endpoint endpoint : endpoints) {
            assertUnauthorized(endpoint, null, "no token");
            assertUnauthorized(endpoint, "not-a-jwt", "a malformed token");
            assertUnauthorized(endpoint, TestTokens.expired(endpoint.scope()), "an expired token");
            assertUnauthorized(endpoint, TestTokens.signedByAnotherKey(endpoint.scope()), "a token of another key");
            String genuine = endpoint.scope().equals(Scopes.READ) ? Scopes.METRICS_WRITE : Scopes.READ;
            assertUnauthorized(endpoint, TestTokens.forged(genuine, endpoint.scope()), "a token with a forged scope");
            for (String scope : Scopes.ALL) {
                Response response = send(endpoint, TestTokens.withScopes(scope));
                if (scope.equals(endpoint.scope())
                        || scope.equals(Scopes.ADMIN)
                        || alsoAllowed.getOrDefault(endpoint, Set.of()).contains(scope)) {
                    assertThat(response.statusCode())
                            .as("%s with scope %s: %s", endpoint, scope, response.asString())
                            .isBetween(200, 299);
                } else {
                    assertThat(response.statusCode())
                            .as("%s with scope %s", endpoint, scope)
                            .isEqualTo(403);
                    assertThat(detail(endpoint, response)).contains(endpoint.scope());
                }
            }
        }
        return this;
    }

    /** Asserts that the endpoints listed are exactly the operations of the service's OpenAPI document. */
    public AccessMatrix assertCoversEveryOperation() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .path("paths");
        Set<String> operations = new HashSet<>();
        paths.forEach((template, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> operations.add(m.toUpperCase() + " " + template)));
        Set<String> listed = new HashSet<>(ownScheme);
        endpoints.forEach(e -> listed.add(e.toString()));
        assertThat(listed).as("endpoints in the access matrix").isEqualTo(operations);
        return this;
    }

    /** Asserts that no token sent (nor its signature) appears in the service's log file. */
    public AccessMatrix assertNoTokenLogged(Path logFile) throws IOException {
        assertThat(logFile).exists();
        String log = Files.readString(logFile);
        for (Iterator<String> it = tokensSent.iterator(); it.hasNext(); ) {
            String token = it.next();
            String[] parts = token.split("\\.");
            assertThat(log).doesNotContain(token);
            if (parts.length == 3) {
                assertThat(log).doesNotContain(parts[2]);
            }
        }
        return this;
    }

    private void assertUnauthorized(Endpoint endpoint, String token, String what) {
        Response response = send(endpoint, token);
        assertThat(response.statusCode()).as("%s with %s", endpoint, what).isEqualTo(401);
        assertThat(detail(endpoint, response)).as("%s with %s", endpoint, what).isNotBlank();
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    /** What an error answer says: a problem's detail, or the message of the endpoint's own error body. */
    private String detail(Endpoint endpoint, Response response) {
        Function<Response, String> own = errorBodies.get(endpoint.toString());
        if (own != null) {
            return own.apply(response);
        }
        assertThat(response.contentType()).as("%s", endpoint).startsWith("application/problem+json");
        return response.jsonPath().getString("detail");
    }

    private Response send(Endpoint endpoint, String token) {
        RequestSpecification request = given();
        if (token != null) {
            tokensSent.add(token);
            request = request.header("Authorization", "Bearer " + token);
        }
        if (endpoint.body() != null) {
            String contentType = contentTypes.get(endpoint);
            request = contentType == null
                    ? request.contentType(ContentType.JSON).body(endpoint.body().get())
                    : request.contentType(contentType).body(endpoint.body().get());
        }
        return request.request(endpoint.method(), endpoint.path().get());
    }
}
