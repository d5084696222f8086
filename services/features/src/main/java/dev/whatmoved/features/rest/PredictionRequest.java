package dev.whatmoved.features.rest;

import dev.whatmoved.features.service.PredictionTerms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One pre-registered prediction: the metric should move {@code direction} by about {@code expectedChangePct} percent
 * (plausibly within {@code range}) within {@code horizonDays} of the first release, and the team is {@code confidence}
 * sure it moves that way. A guardrail instead names a metric that must not degrade by more than {@code tolerancePct}.
 */
public record PredictionRequest(
        @NotNull @Pattern(regexp = METRIC, message = METRIC_MESSAGE) String metric,
        @NotNull @Pattern(regexp = "up|down", message = "must be up or down") String direction,
        @FiniteBetween(min = 0, max = MAX_PCT) Double expectedChangePct,
        @Valid Range range,
        @NotNull @DecimalMin("0.5") @DecimalMax("0.99") Double confidence,
        @Min(1) @Max(365) Integer horizonDays,
        Boolean guardrail,
        @FiniteBetween(min = 0, max = MAX_PCT) Double tolerancePct) {

    static final String METRIC = "[a-z0-9][a-z0-9._-]{0,127}";
    static final String METRIC_MESSAGE =
            "must be a metric key: lowercase letters, digits, dots, underscores and dashes, at most 128 characters";
    static final int DEFAULT_HORIZON_DAYS = 90;
    /**
     * Largest percentage a prediction states (a 10,000-fold change), as the event schemas bound it: beyond it a number
     * is a typo, and 1e400 or "Infinity" would be stored as an infinity no event can carry.
     */
    static final long MAX_PCT = 1_000_000;

    /** The plausible range of the change, in percent. */
    public record Range(
            @NotNull @FiniteBetween(min = -MAX_PCT, max = MAX_PCT) Double lowPct,
            @NotNull @FiniteBetween(min = -MAX_PCT, max = MAX_PCT) Double highPct) {}

    public int horizonOrDefault() {
        return horizonDays == null ? DEFAULT_HORIZON_DAYS : horizonDays;
    }

    public boolean isGuardrail() {
        return Boolean.TRUE.equals(guardrail);
    }

    /** The terms the use cases take, with the default horizon filled in. */
    public PredictionTerms toTerms() {
        return new PredictionTerms(
                metric,
                direction,
                expectedChangePct,
                range == null ? null : new PredictionTerms.Range(range.lowPct(), range.highPct()),
                confidence,
                horizonOrDefault(),
                isGuardrail(),
                tolerancePct);
    }
}
