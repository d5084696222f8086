package dev.whatmoved.features.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * One pre-registered prediction: the metric should move {@code direction} by about {@code expectedChangePct} percent
 * (plausibly within {@code range}) within {@code horizonDays} of the first release, and the team is {@code confidence}
 * sure it moves that way. A guardrail instead names a metric that must not degrade by more than {@code tolerancePct}.
 */
public record PredictionRequest(
        @NotNull @Pattern(regexp = METRIC, message = METRIC_MESSAGE) String metric,
        @NotNull @Pattern(regexp = "up|down", message = "must be up or down") String direction,
        @PositiveOrZero Double expectedChangePct,
        @Valid Range range,
        @NotNull @DecimalMin("0.5") @DecimalMax("0.99") Double confidence,
        @Min(1) @Max(365) Integer horizonDays,
        Boolean guardrail,
        @PositiveOrZero Double tolerancePct) {

    static final String METRIC = "[a-z0-9][a-z0-9._-]{0,127}";
    static final String METRIC_MESSAGE =
            "must be a metric key: lowercase letters, digits, dots, underscores and dashes, at most 128 characters";
    static final int DEFAULT_HORIZON_DAYS = 90;

    /** The plausible range of the change, in percent. */
    public record Range(@NotNull Double lowPct, @NotNull Double highPct) {}

    public int horizonOrDefault() {
        return horizonDays == null ? DEFAULT_HORIZON_DAYS : horizonDays;
    }

    public boolean isGuardrail() {
        return Boolean.TRUE.equals(guardrail);
    }
}
