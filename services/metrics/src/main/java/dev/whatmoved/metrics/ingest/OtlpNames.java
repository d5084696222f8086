package dev.whatmoved.metrics.ingest;

import java.util.regex.Pattern;

/**
 * OpenTelemetry metric names as whatmoved catalogue keys. An instrument name (OpenTelemetry metrics API) is
 * case-insensitive, begins with a letter and holds letters, digits, {@code _ . - /}, at most 255 characters; a key is
 * {@code [a-z0-9][a-z0-9._-]{0,127}}. The name is lower-cased (ASCII letters only) and each {@code /} becomes {@code .}:
 * {@code HTTP.Server/Duration} is the key {@code http.server.duration}. A name that is still no key (too long, or with
 * characters no instrument name has, as a Prometheus-style {@code a:b}) is refused, saying why.
 */
public final class OtlpNames {

    /** Longest key (and so longest usable name). */
    static final int MAX_KEY = 128;

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    private OtlpNames() {}

    /** The catalogue key of the metric named {@code name}; see {@link #problem} for a name that has none. */
    public static String key(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            // ASCII only: instrument names are ASCII, and a letter such as the Kelvin sign must not become a "k"
            chars[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c == '/' ? '.' : c;
        }
        return new String(chars);
    }

    /** Why {@code name} has no catalogue key, or null when {@link #key} gives one. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "metric name: missing (an OTLP metric needs a name, its catalogue key)";
        }
        String key = key(name);
        if (KEY.matcher(key).matches()) {
            return null;
        }
        String shown = "'" + PointReader.abbreviate(PointValidator.printable(name)) + "'";
        if (key.length() > MAX_KEY) {
            return "metric name " + shown + ": has " + name.length() + " characters; a catalogue key has at most "
                    + MAX_KEY;
        }
        return "metric name " + shown + ": is no catalogue key: letters (any case), digits and . _ - / are taken,"
                + " starting with a letter or digit (a / becomes ., letters become lower case)";
    }
}
