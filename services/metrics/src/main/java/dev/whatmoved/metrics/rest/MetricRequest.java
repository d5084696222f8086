package dev.whatmoved.metrics.rest;

import dev.whatmoved.kit.text.NoControlCharacters;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A metric to register. */
public record MetricRequest(
        @NotNull
                @Pattern(
                        regexp = MetricRequest.KEY,
                        message = "must be a metric key: lowercase letters, digits, dots, underscores and dashes")
                String key,
        @Size(max = 200) @NoControlCharacters String name,
        @Size(max = 50) @NoControlCharacters String unit,
        @NotNull
                @Pattern(regexp = "sum|count|mean|ratio|last", message = "must be one of sum, count, mean, ratio, last")
                String aggregation,
        @NotNull @Pattern(regexp = "up|down", message = "must be up or down") String goodDirection,
        @Size(max = 20)
                List<
                                @NotNull
                                @Pattern(
                                        regexp = "[a-z][a-z0-9_.-]{0,62}",
                                        message = "must be a dimension name: lowercase letters, digits, dots,"
                                                + " underscores and dashes")
                                String>
                        dimensions,
        @Size(max = 2000) @NoControlCharacters(freeText = true) String description) {

    public static final String KEY = "[a-z0-9][a-z0-9._-]{0,127}";
}
