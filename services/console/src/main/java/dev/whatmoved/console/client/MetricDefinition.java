package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;

/**
 * A metric as the metrics service describes it ({@code GET /api/metrics/{key}}, and each item of the catalogue): the
 * fields the console shows.
 *
 * @param key the metric's key
 * @param name its display name
 * @param unit what it counts, or null
 * @param aggregation how points add up in a bucket (sum, count, ...)
 * @param goodDirection up or down
 * @param description or null
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricDefinition(
        String key, String name, String unit, String aggregation, String goodDirection, String description) {

    /** What a page holds when metrics did not answer: every field null. */
    public static final MetricDefinition NONE = new MetricDefinition(null, null, null, null, null, null);
}
