package dev.whatmoved.metrics.announce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Data of {@code dev.whatmoved.metric.rollup.v1} as this service publishes it: the fields of
 * {@code dev.whatmoved.events.MetricRollup} plus the optional ones the schema has and the shared record does not
 * ({@code min}, {@code max}, {@code lastAt}), and without the null ones (the shared record would write them as
 * {@code null}). Kept here until the shared record carries them: publishing the shared record would change the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollupEventData(
        String metric,
        String granularity,
        Instant bucketStart,
        double sum,
        long count,
        long revision,
        Map<String, String> dimensions,
        Double min,
        Double max,
        Double denominator,
        Double last,
        Instant lastAt,
        String aggregation) {}
