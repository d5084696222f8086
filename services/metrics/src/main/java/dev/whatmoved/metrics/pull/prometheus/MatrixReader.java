package dev.whatmoved.metrics.pull.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the answers of {@code /api/v1/query_range} (the Prometheus HTTP API's JSON) and merges the answers of the
 * parts of one range into one {@link Matrix}. A sample's value is a string: {@code NaN}, {@code +Inf} and
 * {@code -Inf} hold no number a rollup could add, so those samples are left out with a reason naming the series and
 * time, and counted.
 */
final class MatrixReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Map<String, String>, List<Matrix.Sample>> series = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long skippedCount;

    /**
     * Adds one answer's series. A {@code status: error} answer throws, with Prometheus' {@code errorType} and
     * {@code error}; so does a body that is no answer of the API.
     */
    void read(int httpStatus, String body, String server) {
        JsonNode root = answer(httpStatus, body, server);
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        if (!"matrix".equals(type)) {
            throw new PrometheusException(
                    "bad_response", server + " answered a range query with a " + type + ", not a matrix", false, null);
        }
        for (JsonNode entry : data.path("result")) {
            Map<String, String> labels = labels(entry.path("metric"));
            List<Matrix.Sample> samples = series.computeIfAbsent(labels, l -> new ArrayList<>());
            for (JsonNode pair : entry.path("values")) {
                Instant at = instant(pair.path(0));
                String value = pair.path(1).asText();
                double number = number(value);
                if (Double.isFinite(number)) {
                    samples.add(new Matrix.Sample(at, number));
                } else {
                    skip(labels + " at " + at + ": " + value + " is not a finite number");
                }
            }
        }
    }

    /** The {@code data} of a successful answer of any API endpoint; throws as {@link #read} does otherwise. */
    static JsonNode data(int httpStatus, String body, String server) {
        return answer(httpStatus, body, server).path("data");
    }

    private static JsonNode answer(int httpStatus, String body, String server) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("status").isTextual()) {
            throw new PrometheusException(
                    "bad_response",
                    server + " answered HTTP " + httpStatus + " with no Prometheus API answer: "
                            + abbreviate(body, 200),
                    httpStatus >= 500,
                    null);
        }
        if (!"success".equals(root.path("status").asText())) {
            String type = root.path("errorType").asText("unknown");
            throw new PrometheusException(
                    type,
                    server + " refused the query (HTTP " + httpStatus + ", " + type + "): "
                            + root.path("error").asText("no reason given"),
                    isOutage(type, httpStatus),
                    null);
        }
        return root;
    }

    Matrix matrix() {
        List<Matrix.Series> all = new ArrayList<>();
        series.forEach((labels, samples) -> all.add(new Matrix.Series(labels, List.copyOf(samples))));
        return new Matrix(List.copyOf(all), List.copyOf(skipped), skippedCount, List.copyOf(warnings));
    }

    /** Errors of an overloaded or stopping server, not of the query: the same query may succeed later. */
    private static boolean isOutage(String errorType, int httpStatus) {
        return switch (errorType) {
            case "timeout", "canceled", "unavailable", "internal" -> true;
            default -> httpStatus == 503 || httpStatus == 502 || httpStatus == 504;
        };
    }

    private void skip(String reason) {
        skippedCount++;
        if (skipped.size() < Matrix.MAX_REASONS) {
            skipped.add(reason);
        }
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!"__name__".equals(field.getKey())) {
                labels.put(field.getKey(), field.getValue().asText());
            }
        }
        return labels;
    }

    /** A sample time: seconds since the epoch with up to millisecond decimals ({@code 1435781430.781}). */
    private static Instant instant(JsonNode seconds) {
        BigDecimal millis = seconds.decimalValue().movePointRight(3);
        return Instant.ofEpochMilli(millis.longValue());
    }

    private static double number(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    static String abbreviate(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }
}
