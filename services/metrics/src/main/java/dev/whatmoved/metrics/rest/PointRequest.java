package dev.whatmoved.metrics.rest;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** One observation of a metric at an event time. */
public record PointRequest(@NotNull Instant timestamp, @NotNull Double value) {}
