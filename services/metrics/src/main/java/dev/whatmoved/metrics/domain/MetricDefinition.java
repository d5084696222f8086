package dev.whatmoved.metrics.domain;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A metric of the catalogue. Points of a metric that is not in the catalogue are rejected.
 *
 * @param key stable key, e.g. {@code checkout.conversions}
 * @param name human name
 * @param unit unit of a value, e.g. {@code EUR}, {@code ms}; null when it has none
 * @param aggregation how points add up to a bucket's value
 * @param goodDirection which way is better
 * @param dimensions the dimension names a point may carry (e.g. {@code country}, {@code plan})
 * @param description what it measures
 */
public record MetricDefinition(
        String key,
        String name,
        @Schema(nullable = true) String unit,
        Aggregation aggregation,
        GoodDirection goodDirection,
        List<String> dimensions,
        @Schema(nullable = true) String description,
        Instant createdAt) {

    /** Whether a point of this metric may carry dimension {@code name}. */
    public boolean allowsDimension(String name) {
        return dimensions.contains(name);
    }

    /** The same definition, ignoring when it was made. */
    public boolean sameAs(MetricDefinition other) {
        return key.equals(other.key)
                && name.equals(other.name)
                && java.util.Objects.equals(unit, other.unit)
                && aggregation == other.aggregation
                && goodDirection == other.goodDirection
                && dimensions.equals(other.dimensions)
                && java.util.Objects.equals(description, other.description);
    }
}
