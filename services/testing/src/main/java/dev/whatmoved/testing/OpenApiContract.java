package dev.whatmoved.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.assertj.core.api.Assertions;

/**
 * What a client generated from a service's OpenAPI document ({@code GET /q/openapi?format=json}) relies on: a unique
 * operationId on every operation, a success answer with its body on each, every error answer declared as {@code application/problem+json} with the
 * {@code Problem} schema (400 and 500 everywhere, 413 with a body, 401 and 403 when a scope is needed, 404 with a path
 * parameter), answers that declare their body, and the fields that can be null marked nullable. Collects every breach
 * and fails once, listing them.
 */
public final class OpenApiContract {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode root;
    private final List<String> breaches = new ArrayList<>();

    public OpenApiContract(JsonNode root) {
        this.root = root;
    }

    /** The document the service at {@code base} serves. */
    public static OpenApiContract of(URI base) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(base.resolve("/q/openapi?format=json"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Assertions.assertThat(response.statusCode()).as("GET /q/openapi").isEqualTo(200);
            return new OpenApiContract(new ObjectMapper().readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Unique operationIds and problem+json error answers on every operation, and the Problem schema itself. */
    public OpenApiContract everyOperationIsNamedAndAnswersProblems() {
        JsonNode problem = root.at("/components/schemas/Problem/properties");
        for (String field : List.of("type", "title", "status", "detail", "instance", "errors")) {
            if (!problem.has(field)) {
                breaches.add("components.schemas.Problem has no property " + field);
            }
        }
        if (!root.at("/components/schemas/ProblemFieldError/properties").has("field")) {
            breaches.add("components.schemas.ProblemFieldError has no property field");
        }
        Map<String, String> ids = new HashMap<>();
        operations((name, operation) -> {
            String id = operation.path("operationId").asText("");
            if (id.isBlank()) {
                breaches.add(name + ": no operationId");
            } else if (ids.putIfAbsent(id, name) != null) {
                breaches.add(name + ": operationId " + id + " is also " + ids.get(id) + "'s");
            }
            JsonNode responses = operation.path("responses");
            boolean succeeds = false;
            for (Iterator<Map.Entry<String, JsonNode>> answers = responses.fields(); answers.hasNext(); ) {
                Map.Entry<String, JsonNode> answer = answers.next();
                if (answer.getKey().startsWith("2")) {
                    succeeds = true;
                    if (!answer.getKey().equals("204")
                            && answer.getValue().path("content").isEmpty()) {
                        breaches.add(name + ": " + answer.getKey() + " declares no body");
                    }
                }
            }
            if (!succeeds) {
                breaches.add(name + ": declares no success answer");
            }
            List<String> expected = new ArrayList<>(List.of("400", "500"));
            if (operation.has("requestBody")) {
                expected.add("413");
            }
            if (hasScopes(operation)) {
                expected.addAll(List.of("401", "403"));
            }
            if (name.contains("{")) {
                expected.add("404");
            }
            for (String status : expected) {
                if (!responses.has(status)) {
                    breaches.add(name + ": declares no " + status);
                }
            }
            // an operation of another protocol names its error body instead (kit ProblemAnswers.ERROR_BODY)
            boolean ownErrors = !operation.path("x-error-body").asText("").isBlank();
            responses.fields().forEachRemaining(answer -> {
                if (!ownErrors
                        && (answer.getKey().startsWith("4") || answer.getKey().startsWith("5"))) {
                    String ref = answer.getValue()
                            .path("content")
                            .path(PROBLEM_JSON)
                            .path("schema")
                            .path("$ref")
                            .asText("");
                    if (!ref.equals(PROBLEM_REF)) {
                        breaches.add(
                                name + ": " + answer.getKey() + " is not " + PROBLEM_JSON + " with " + PROBLEM_REF);
                    }
                }
            });
        });
        return this;
    }

    /** The answer {@code status} of {@code method path} declares a JSON body schema (and, for 201, Location). */
    public OpenApiContract answerDeclaresBody(String method, String path, String status) {
        String name = method.toUpperCase(Locale.ROOT) + " " + path;
        JsonNode answer = root.path("paths")
                .path(path)
                .path(method.toLowerCase(Locale.ROOT))
                .path("responses")
                .path(status);
        if (answer.isMissingNode()) {
            breaches.add(name + ": declares no " + status);
            return this;
        }
        if (answer.path("content").path("application/json").path("schema").isMissingNode()) {
            breaches.add(name + ": " + status + " declares no application/json schema");
        }
        if (status.equals("201") && !answer.path("headers").has("Location")) {
            breaches.add(name + ": 201 declares no Location header");
        }
        return this;
    }

    /** Each named property of component schema {@code schema} is marked nullable. */
    public OpenApiContract nullable(String schema, String... properties) {
        JsonNode declared = root.path("components").path("schemas").path(schema).path("properties");
        for (String property : properties) {
            JsonNode node = declared.path(property);
            if (node.isMissingNode()) {
                breaches.add(schema + "." + property + ": no such property");
            } else if (!isNullable(node)) {
                breaches.add(schema + "." + property + ": not marked nullable: " + node);
            }
        }
        return this;
    }

    /** Fails listing every breach found so far. */
    public void verify() {
        Assertions.assertThat(breaches).as("OpenAPI contract breaches").isEmpty();
    }

    static boolean isNullable(JsonNode node) {
        if (node.path("nullable").asBoolean(false)) {
            return true;
        }
        JsonNode type = node.path("type");
        if (type.isTextual() && type.asText().equals("null")) {
            return true;
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().equals("null")) {
                    return true;
                }
            }
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            for (JsonNode alternative : node.path(combinator)) {
                if (isNullable(alternative)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasScopes(JsonNode operation) {
        for (JsonNode requirement : operation.path("security")) {
            if (requirement.size() > 0) {
                return true;
            }
        }
        return false;
    }

    private void operations(BiConsumer<String, JsonNode> each) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(method -> {
                if (METHODS.contains(method.getKey())) {
                    each.accept(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
                }
            });
        }
    }
}
