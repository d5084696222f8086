package dev.whatmoved.metrics.rest;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Map;

/**
 * One observation of a metric at an event time.
 *
 * @param value the value (not for ratio metrics)
 * @param numerator for ratio metrics
 * @param denominator for ratio metrics
 * @param dimensions values of the metric's declared dimensions, e.g. {@code {"country": "de"}}
 */
public record PointRequest(
        @NotNull Instant timestamp,
        Double value,
        Double numerator,
        Double denominator,
        Map<String, String> dimensions) {}
