package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A metric's series as the metrics service answers it ({@code GET /api/metrics/{key}/series}): its buckets.
 *
 * @param buckets the buckets with points, oldest first (none when there is no point)
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricSeries(List<Bucket> buckets) {

    /** What a page holds when metrics did not answer: no bucket. */
    public static final MetricSeries NONE = new MetricSeries(List.of());

    public MetricSeries {
        buckets = buckets == null ? List.of() : buckets;
    }

    /**
     * @param start the bucket's start, an RFC 3339 instant
     * @param value the bucket's value by the metric's aggregation, or null
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String start, Double value) {}
}
