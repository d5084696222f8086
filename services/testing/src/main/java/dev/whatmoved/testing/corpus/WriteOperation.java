package dev.whatmoved.testing.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A write operation of a service's OpenAPI document.
 *
 * @param bodies each media type the request body may have, with its schema (resolved; null when the document gives
 *     none, e.g. for a body read as bytes); empty for an operation without a request body
 */
public record WriteOperation(String method, String template, Map<String, JsonNode> bodies) {

    public String id() {
        return method + " " + template;
    }

    /** Whether {@code mediaType} is one of the operation's, or the operation takes any ({@code *}{@code /*}). */
    public boolean accepts(String mediaType) {
        String base = mediaType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        return bodies.containsKey("*/*") || bodies.containsKey(base);
    }

    public JsonNode schema(String mediaType) {
        String base = mediaType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        JsonNode schema = bodies.get(base);
        return schema != null ? schema : bodies.get("*/*");
    }
}
