package dev.whatmoved.testing.corpus;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The classes of bad JSON (and NDJSON lines), derived from a valid sample and its schema. */
final class JsonCases {

    /** A string value the serializer writes as {@code "@@corpus-raw@@"}, replaced afterwards by raw bytes. */
    private static final String RAW = "@@corpus-raw@@";

    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A field of the sample: where it is, and what the schema (or, without one, the sample's value) says it is.
     *
     * @param type string, number, integer, boolean, array or object
     * @param format date, date-time or null
     */
    record Field(String pointer, String type, String format, boolean required) {}

    private final RawRequest valid;
    private final JsonNode sample;
    private final List<BadCase> out;

    private JsonCases(RawRequest valid, List<BadCase> out) {
        this.valid = valid;
        this.out = out;
        try {
            this.sample = JSON.readTree(valid.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("the valid sample of " + valid.path() + " is not JSON", e);
        }
    }

    static void generate(RawRequest valid, JsonNode schema, Endpoint endpoint, List<BadCase> out) {
        JsonCases cases = new JsonCases(valid, out);
        cases.document();
        List<Field> fields = new ArrayList<>();
        walk(cases.sample, schema, "", endpoint.required, fields);
        if (endpoint.fields != null) {
            fields.removeIf(f -> !endpoint.fields.contains(f.pointer()) && !endpoint.optional.contains(f.pointer()));
        }
        for (Field field : fields) {
            cases.field(field, endpoint.optional.contains(field.pointer()));
        }
    }

    /** Classes of the document as a whole. */
    private void document() {
        String text = compact(sample);
        add("malformed-json", "empty body", new byte[0]);
        add("malformed-json", "not JSON", Bytes.utf8("this is not JSON"));
        add("malformed-json", "trailing comma", Bytes.utf8(trailingComma(text)));
        add("malformed-json", "single quotes", Bytes.utf8(text.replace('"', '\'')));
        add("malformed-json", "a comment", Bytes.utf8("/* note */ " + text));
        add("malformed-json", "two documents", Bytes.utf8(text + " " + text));
        byte[] bytes = Bytes.utf8(text);
        add("truncated", "first half", Bytes.head(bytes, bytes.length / 2));
        add("truncated", "last byte missing", Bytes.head(bytes, bytes.length - 1));
        add("wrong-type", "root: null", Bytes.utf8("null"));
        add("wrong-type", "root: a string", Bytes.utf8("\"text\""));
        add(
                "wrong-type",
                "root: " + (sample.isArray() ? "an object" : "an array"),
                Bytes.utf8(sample.isArray() ? "{}" : "[]"));

        ObjectNode first = firstObject(sample);
        if (first == null || first.isEmpty()) {
            return;
        }
        String pointer = pointerOf(first);
        String firstKey = first.fieldNames().next();
        // the same key twice with the same value: only a parser that detects duplicates can refuse it
        String inner = compact(first);
        String duplicated = "{" + JSON.valueToTree(firstKey).toString() + ":" + compact(first.get(firstKey)) + ","
                + inner.substring(1);
        add("duplicate-key", pointer + "/" + firstKey + " twice", Bytes.utf8(replaceNode(pointer, duplicated)));

        add(
                "deep-nesting",
                pointer + "/" + firstKey + ": arrays 2000 deep",
                raw(pointer + "/" + firstKey, "[".repeat(2000) + "]".repeat(2000)));
        add(
                "deep-nesting",
                pointer + "/" + firstKey + ": objects 2000 deep",
                raw(pointer + "/" + firstKey, "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)));

        JsonNode withHugeKey = sample.deepCopy();
        ObjectNode target = (ObjectNode) (pointer.isEmpty() ? withHugeKey : withHugeKey.at(pointer));
        target.put("k".repeat(100_000), 1);
        add("huge-key", pointer + ": a 100,000-character key", Bytes.utf8(compact(withHugeKey)));
    }

    /** Classes of one field. */
    private void field(Field f, boolean optional) {
        String p = f.pointer();
        if (!optional) {
            add("wrong-type", p + ": " + wrongTypeName(f.type()), set(p, wrongType(f.type())));
        }
        if (f.required() && !optional) {
            add("missing-required", p + " left out", removed(p));
        }
        if (f.type().equals("string")) {
            String value = sample.at(p).asText("");
            int half = value.length() / 2;
            String before = value.substring(0, half);
            String after = value.substring(half);
            add("nul-char", p + ": U+0000 inside", set(p, TextNode.valueOf(before + "\u0000" + after)));
            add("control-char", p + ": U+0001 inside", set(p, TextNode.valueOf(before + "\u0001" + after)));
            add("control-char", p + ": U+001B (ESC) inside", set(p, TextNode.valueOf(before + "\u001b" + after)));
            add("invalid-utf8", p + ": byte FF inside", bytes(p, before, new byte[] {(byte) 0xff}, after));
            add(
                    "invalid-utf8",
                    p + ": overlong NUL C0 80 inside",
                    bytes(p, before, new byte[] {(byte) 0xc0, (byte) 0x80}, after));
        }
        if (optional) {
            return; // a value the service cannot use is ignored for its fallback, by design
        }
        if ("date-time".equals(f.format())) {
            add("impossible-date", p + ": year -5000", set(p, TextNode.valueOf("-5000-01-01T00:00:00Z")));
            add("impossible-date", p + ": year +1000000000", set(p, TextNode.valueOf("+1000000000-01-01T00:00:00Z")));
            add("impossible-date", p + ": February 30", set(p, TextNode.valueOf("2026-02-30T10:00:00Z")));
        } else if ("date".equals(f.format())) {
            add("impossible-date", p + ": year -5000", set(p, TextNode.valueOf("-5000-01-01")));
            add("impossible-date", p + ": year +1000000000", set(p, TextNode.valueOf("+1000000000-01-01")));
            add("impossible-date", p + ": February 30", set(p, TextNode.valueOf("2026-02-30")));
        }
        if (f.type().equals("number") || f.type().equals("integer")) {
            add("impossible-number", p + ": 1e400", raw(p, "1e400"));
            add("impossible-number", p + ": -1e400", raw(p, "-1e400"));
            add("impossible-number", p + ": \"Infinity\"", set(p, TextNode.valueOf("Infinity")));
            add("impossible-number", p + ": \"NaN\"", set(p, TextNode.valueOf("NaN")));
            add("impossible-number", p + ": NaN", raw(p, "NaN"));
            if (f.type().equals("integer")) {
                add("impossible-number", p + ": 2^63", raw(p, "9223372036854775808"));
            }
        }
    }

    private void add(String kind, String variant, byte[] body) {
        out.add(new BadCase(kind, variant, valid.withBody(body)));
    }

    // --- fields ---------------------------------------------------------------------------------------------------

    static void walk(JsonNode node, JsonNode schema, String pointer, Set<String> declaredRequired, List<Field> fields) {
        if (node.isObject()) {
            JsonNode properties = schema == null ? null : schema.get("properties");
            Set<String> required = new java.util.HashSet<>();
            if (schema != null && schema.has("required")) {
                schema.get("required").forEach(r -> required.add(r.asText()));
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode child = node.get(name);
                if (child.isNull()) {
                    continue;
                }
                JsonNode childSchema = properties == null ? null : properties.get(name);
                String childPointer = pointer + "/" + escape(name);
                fields.add(new Field(
                        childPointer,
                        typeOf(childSchema, child),
                        formatOf(childSchema, child),
                        required.contains(name) || declaredRequired.contains(childPointer)));
                walk(child, childSchema, childPointer, declaredRequired, fields);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            JsonNode items = schema == null ? null : schema.get("items");
            JsonNode element = node.get(0);
            if (!element.isNull()) {
                String childPointer = pointer + "/0";
                if (!element.isContainerNode()) {
                    fields.add(new Field(childPointer, typeOf(items, element), formatOf(items, element), false));
                }
                walk(element, items, childPointer, declaredRequired, fields);
            }
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String typeOf(JsonNode schema, JsonNode value) {
        if (schema != null && schema.has("type")) {
            JsonNode type = schema.get("type");
            if (type.isTextual()) {
                return type.asText();
            }
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String formatOf(JsonNode schema, JsonNode value) {
        if (schema != null && schema.has("format")) {
            String format = schema.get("format").asText();
            if (format.equals("date") || format.equals("date-time")) {
                return format;
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (DATE_TIME.matcher(text).matches()) {
                return "date-time";
            }
            if (DATE.matcher(text).matches()) {
                return "date";
            }
        }
        return null;
    }

    private static JsonNode wrongType(String type) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (type) {
            // an object: Jackson turns any scalar into a string, so only a structure is surely of the wrong type
            case "string" -> nodes.objectNode().put("unexpected", "object");
            case "number", "integer" -> TextNode.valueOf("not a number");
            case "boolean" -> TextNode.valueOf("not a boolean");
            case "array" -> TextNode.valueOf("not an array");
            default -> TextNode.valueOf("not an object");
        };
    }

    private static String wrongTypeName(String type) {
        return switch (type) {
            case "string" -> "an object instead of a string";
            case "number", "integer" -> "a word instead of a number";
            case "boolean" -> "a word instead of true/false";
            case "array" -> "a string instead of an array";
            default -> "a string instead of an object";
        };
    }

    // --- editing --------------------------------------------------------------------------------------------------

    private byte[] set(String pointer, JsonNode value) {
        JsonNode copy = sample.deepCopy();
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.set(at.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), value);
        }
        return Bytes.utf8(compact(copy));
    }

    private byte[] removed(String pointer) {
        JsonNode copy = sample.deepCopy();
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.remove(at.last().getMatchingProperty());
        }
        return Bytes.utf8(compact(copy));
    }

    /** The sample with the value at {@code pointer} written as {@code rawText}, which need not be valid JSON. */
    private byte[] raw(String pointer, String rawText) {
        String text = new String(set(pointer, TextNode.valueOf(RAW)), java.nio.charset.StandardCharsets.UTF_8);
        return Bytes.splice(text, "\"" + RAW + "\"", Bytes.utf8(rawText));
    }

    /** The sample with a string at {@code pointer} holding raw bytes (which need not be UTF-8). */
    private byte[] bytes(String pointer, String before, byte[] inside, String after) {
        String text = new String(
                set(pointer, TextNode.valueOf(before + RAW + after)), java.nio.charset.StandardCharsets.UTF_8);
        return Bytes.splice(text, RAW, inside);
    }

    private String replaceNode(String pointer, String rawJson) {
        if (pointer.isEmpty()) {
            return rawJson;
        }
        String text = new String(set(pointer, TextNode.valueOf(RAW)), java.nio.charset.StandardCharsets.UTF_8);
        return text.replace("\"" + RAW + "\"", rawJson);
    }

    private static ObjectNode firstObject(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        if (node.isArray() && !node.isEmpty() && node.get(0) instanceof ObjectNode object) {
            return object;
        }
        return null;
    }

    private String pointerOf(ObjectNode first) {
        return first == sample ? "" : "/0";
    }

    private static String trailingComma(String text) {
        int last = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
        return last <= 0 ? text + "," : text.substring(0, last) + "," + text.substring(last);
    }

    private static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
