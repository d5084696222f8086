package dev.whatmoved.features.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A feature and the one metric it should move (the features issue replaces this with full predictions). */
public record FeatureRequest(
        @NotNull @Pattern(regexp = KEY, message = KEY_MESSAGE) String key,
        @NotBlank @Pattern(regexp = METRIC, message = METRIC_MESSAGE) String metric) {

    static final String KEY = "[a-z0-9][a-z0-9-]{0,62}";
    static final String KEY_MESSAGE = "must be a slug: lowercase letters, digits and dashes, at most 63 characters";
    static final String METRIC = "[a-z0-9][a-z0-9._-]{0,127}";
    static final String METRIC_MESSAGE =
            "must be a metric key: lowercase letters, digits, dots, underscores and dashes, at most 128 characters";
}
