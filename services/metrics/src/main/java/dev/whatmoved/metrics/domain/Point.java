package dev.whatmoved.metrics.domain;

import java.time.Instant;

/**
 * One valid observation of a catalogued metric, ready to roll up.
 *
 * @param value the value; for a ratio metric, the numerator
 * @param denominator for a ratio metric, the denominator; {@link Double#NaN} otherwise
 * @param dimensions the point's dimension combination in canonical form ({@link Dimensions#TOTAL} when none)
 * @param count how many observations the point stands for: 1, or an OTLP histogram's count (then {@code value} is
 *     their sum)
 * @param min the smallest observation when the point stands for several (NaN: {@code value})
 * @param max the largest observation when the point stands for several (NaN: {@code value})
 */
public record Point(
        String metric,
        Instant timestamp,
        double value,
        double denominator,
        String dimensions,
        long count,
        double min,
        double max) {

    /** A single observation. */
    public Point(String metric, Instant timestamp, double value, double denominator, String dimensions) {
        this(metric, timestamp, value, denominator, dimensions, 1, Double.NaN, Double.NaN);
    }
}
