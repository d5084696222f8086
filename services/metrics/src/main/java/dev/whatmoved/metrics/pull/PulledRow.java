package dev.whatmoved.metrics.pull;

import java.time.Instant;
import java.util.Map;

/**
 * One point a source returned: a value, or a numerator and denominator for a ratio metric, and its dimensions (names
 * the metric declares).
 */
public record PulledRow(
        Instant timestamp, Double value, Double numerator, Double denominator, Map<String, String> dimensions) {

    public static PulledRow of(Instant timestamp, double value, Map<String, String> dimensions) {
        return new PulledRow(timestamp, value, null, null, dimensions);
    }

    public static PulledRow ratio(Instant timestamp, double numerator, double denominator, Map<String, String> dims) {
        return new PulledRow(timestamp, null, numerator, denominator, dims);
    }
}
