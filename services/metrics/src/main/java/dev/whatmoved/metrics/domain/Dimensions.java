package dev.whatmoved.metrics.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * A dimension combination in canonical form: a JSON object with its keys sorted, so that equal combinations are
 * equal strings (the rollup table's key). {@link #TOTAL} ({@code {}}) is the total over all dimensions.
 */
public final class Dimensions {

    public static final String TOTAL = "{}";

    private Dimensions() {}

    /** The canonical form of {@code dimensions}. */
    public static String canonical(Map<String, String> dimensions) {
        if (dimensions == null || dimensions.isEmpty()) {
            return TOTAL;
        }
        Map<String, String> sorted =
                dimensions instanceof TreeMap<String, String> tree ? tree : new TreeMap<>(dimensions);
        StringBuilder out = new StringBuilder(16 * sorted.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, e.getKey()).append(':');
            quote(out, e.getValue());
        }
        return out.append('}').toString();
    }

    /**
     * The length of {@code canonical} in UTF-8, as PostgreSQL stores it (each character counted at its longest: an
     * unpaired surrogate as 3 bytes).
     */
    public static int encodedLength(String canonical) {
        int bytes = 0;
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < canonical.length()
                    && Character.isLowSurrogate(canonical.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Parses a canonical form back into its (sorted) map. */
    public static Map<String, String> parse(String canonical) {
        Map<String, String> map = new TreeMap<>();
        int i = 1;
        int end = canonical.length() - 1;
        while (i < end) {
            StringBuilder key = new StringBuilder();
            i = unquote(canonical, i, key);
            i++; // ':'
            StringBuilder value = new StringBuilder();
            i = unquote(canonical, i, value);
            map.put(key.toString(), value.toString());
            if (i < end && canonical.charAt(i) == ',') {
                i++;
            }
        }
        return map;
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Reads the quoted string starting at {@code i} into {@code into}; returns the index after its closing quote. */
    private static int unquote(String s, int i, StringBuilder into) {
        i++; // opening quote
        while (s.charAt(i) != '"') {
            char c = s.charAt(i);
            if (c == '\\') {
                char next = s.charAt(i + 1);
                if (next == 'u') {
                    into.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 6;
                } else {
                    into.append(next);
                    i += 2;
                }
            } else {
                into.append(c);
                i++;
            }
        }
        return i + 1;
    }
}
