package dev.whatmoved.testing.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A running service's OpenAPI document ({@code GET /q/openapi?format=json}), read for its write operations. */
public final class OpenApiDocument {

    static final Set<String> WRITE_METHODS = Set.of("post", "put", "patch", "delete");

    private final JsonNode root;

    OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    public static OpenApiDocument fetch(RawClient client) {
        RawResponse response = client.send(RawRequest.of("GET", "/q/openapi?format=json", null, null));
        if (response.status() != 200) {
            throw new IllegalStateException("GET /q/openapi answered " + response.status() + ": " + response.excerpt());
        }
        try {
            return new OpenApiDocument(new ObjectMapper().readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
    }

    /** Every POST, PUT, PATCH and DELETE of the document, with its request body's media types and schemas. */
    public List<WriteOperation> writeOperations() {
        List<WriteOperation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!WRITE_METHODS.contains(method.getKey())) {
                    continue;
                }
                Map<String, JsonNode> bodies = new LinkedHashMap<>();
                method.getValue().path("requestBody").path("content").fields().forEachRemaining(content -> {
                    JsonNode schema = content.getValue().get("schema");
                    bodies.put(content.getKey().toLowerCase(Locale.ROOT), schema == null ? null : resolve(schema, 0));
                });
                operations.add(new WriteOperation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), bodies));
            }
        }
        return operations;
    }

    /** The schema with every {@code $ref} (and a single-element {@code allOf}) replaced by what it names. */
    JsonNode resolve(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > 20) {
            return schema;
        }
        JsonNode node = schema;
        while (node.has("$ref") || (node.has("allOf") && node.get("allOf").size() == 1)) {
            ObjectNode merged = ((ObjectNode) node).deepCopy();
            JsonNode target;
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                target = root.at(ref.substring(1));
                merged.remove("$ref");
            } else {
                target = node.get("allOf").get(0);
                merged.remove("allOf");
            }
            if (target.isObject()) {
                target.fields().forEachRemaining(field -> {
                    if (!merged.has(field.getKey())) {
                        merged.set(field.getKey(), field.getValue());
                    }
                });
            }
            node = merged;
        }
        ObjectNode resolved = ((ObjectNode) node).deepCopy();
        if (resolved.has("properties")) {
            ObjectNode properties = resolved.putObject("properties");
            node.get("properties")
                    .fields()
                    .forEachRemaining(p -> properties.set(p.getKey(), resolve(p.getValue(), depth + 1)));
        }
        if (resolved.has("items")) {
            resolved.set("items", resolve(node.get("items"), depth + 1));
        }
        return resolved;
    }
}
