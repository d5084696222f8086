package dev.whatmoved.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates event data against the JSON Schemas of {@code docs/events/}. Producers' tests and consumers use the same
 * check, so the documented contract is the one enforced.
 */
public final class EventSchemas {

    private static final Map<EventType, JsonSchema> SCHEMAS = load();

    private EventSchemas() {}

    /** The schema violations of {@code data} for {@code type}, empty when it conforms. */
    public static List<String> violations(EventType type, JsonNode data) {
        List<String> violations = new ArrayList<>();
        nonFinite(data, "$", violations);
        if (violations.isEmpty()) { // the schema validator cannot compare NaN with a minimum: it throws
            SCHEMAS.get(type).validate(data).stream()
                    .map(ValidationMessage::getMessage)
                    .forEach(violations::add);
        }
        Collections.sort(violations);
        return violations;
    }

    /**
     * A tree built from Java values may hold NaN or an infinity, which no JSON number is (Jackson would write them as
     * bare {@code NaN}, which no consumer can read); a schema's {@code "type": "number"} does not see it.
     */
    private static void nonFinite(JsonNode node, String path, List<String> violations) {
        if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                violations.add(path + ": " + node.doubleValue() + " is not a JSON number (must be finite)");
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> nonFinite(f.getValue(), path + "." + f.getKey(), violations));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFinite(node.get(i), path + "[" + i + "]", violations);
            }
        }
    }

    private static Map<EventType, JsonSchema> load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + type.schemaResource());
                }
                schemas.put(type, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas;
    }
}
