package dev.whatmoved.console.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets templates read the services' JSON as they read objects: {@code {feature.title}}, {@code {#for p in
 * feature.predictions}}. A missing or null field is null.
 */
public class JsonTemplateExtensions {

    private JsonTemplateExtensions() {}

    @TemplateExtension(matchName = TemplateExtension.ANY)
    static Object get(JsonNode node, String name) {
        if (node.isArray()) {
            // A list answer (the catalogue) reads like a list.
            return switch (name) {
                case "isEmpty" -> node.isEmpty();
                case "size" -> node.size();
                default -> null;
            };
        }
        return value(node.get(name));
    }

    /** The node as a plain value: text, number, boolean, a list, the node itself for an object, or null. */
    public static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isIntegralNumber()) {
            // Integers as Integer where they fit, so they compare with list sizes and literals in templates.
            return node.canConvertToInt() ? (Object) node.asInt() : (Object) node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isArray()) {
            // Objects stay nodes (their fields are read by name); scalars become plain values, so they print unquoted.
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isContainerNode() ? item : value(item)));
            return items;
        }
        return node;
    }
}
