package dev.whatmoved.metrics.ingest;

import java.util.Map;

/**
 * One OTLP data point, flattened: its metric, its attributes by origin, and what it carries.
 *
 * @param resource the resource's attributes (scalar values as text)
 * @param scope the instrumentation scope's attributes
 * @param attributes the data point's own attributes
 * @param attributeError why an attribute of the data point could not be read (a list or map value), or null
 * @param cumulative whether {@code value} and {@code count} are running totals (to be turned into increments)
 * @param value the gauge or sum value, or a histogram's sum
 * @param count 1 for gauges and sums, a histogram's count
 * @param min a histogram's min, or null
 * @param max a histogram's max, or null
 * @param index the data point's position in the request
 * @param histogram whether {@code count} counts observations (histograms, summaries) rather than being 1
 */
public record OtlpObservation(
        String metric,
        Map<String, String> resource,
        Map<String, String> scope,
        Map<String, String> attributes,
        String attributeError,
        boolean cumulative,
        boolean monotonic,
        long startNanos,
        long timeNanos,
        double value,
        long count,
        Double min,
        Double max,
        int index,
        boolean histogram) {

    /** The identity of a cumulative series: the metric and every attribute, whatever becomes a dimension. */
    public String seriesKey() {
        return metric + "\u0000" + new java.util.TreeMap<>(resource) + "\u0000" + new java.util.TreeMap<>(scope)
                + "\u0000" + new java.util.TreeMap<>(attributes);
    }
}
