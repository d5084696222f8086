package dev.whatmoved.metrics.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens an OTLP export request into observations: gauges (each value), sums (delta values, or cumulative totals to
 * be turned into increments) and histograms (their count and sum; exponential histograms likewise). Summaries are
 * cumulative count and sum too. Data points flagged "no recorded value" are skipped. A metric's name becomes its
 * catalogue key by {@link OtlpNames}; the data points of a name that has no key are rejected.
 */
public final class OtlpReader {

    private OtlpReader() {}

    /** The observations of {@code request}, and in {@code skipped} the reason of each data point it cannot use. */
    public static List<OtlpObservation> read(ExportMetricsServiceRequest request, List<Rejection> skipped) {
        List<OtlpObservation> out = new ArrayList<>();
        int index = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Map<String, String> resource = scalars(rm.getResource().getAttributesList());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                Map<String, String> scope = scalars(sm.getScope().getAttributesList());
                for (Metric metric : sm.getMetricsList()) {
                    String name = OtlpNames.key(metric.getName());
                    String unnamed = OtlpNames.problem(metric.getName());
                    if (unnamed != null) {
                        // no catalogue key: each of its data points is rejected with the reason
                        for (int i = Math.max(1, dataPoints(metric)); i > 0; i--) {
                            skipped.add(new Rejection(0, index++, unnamed));
                        }
                        continue;
                    }
                    switch (metric.getDataCase()) {
                        case GAUGE -> {
                            for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                                index = number(out, skipped, name, resource, scope, p, false, false, index);
                            }
                        }
                        case SUM -> {
                            boolean cumulative = metric.getSum().getAggregationTemporality()
                                    == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                            for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                                index = number(
                                        out,
                                        skipped,
                                        name,
                                        resource,
                                        scope,
                                        p,
                                        cumulative,
                                        metric.getSum().getIsMonotonic(),
                                        index);
                            }
                        }
                        case HISTOGRAM -> {
                            boolean cumulative = metric.getHistogram().getAggregationTemporality()
                                    == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                            for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                                index = histogram(
                                        out,
                                        skipped,
                                        name,
                                        resource,
                                        scope,
                                        cumulative,
                                        new HistogramPoint(
                                                p.getFlags(),
                                                p.getAttributesList(),
                                                p.getStartTimeUnixNano(),
                                                p.getTimeUnixNano(),
                                                p.hasSum() ? p.getSum() : null,
                                                p.getCount(),
                                                p.hasMin() ? p.getMin() : null,
                                                p.hasMax() ? p.getMax() : null),
                                        index);
                            }
                        }
                        case EXPONENTIAL_HISTOGRAM -> {
                            boolean cumulative =
                                    metric.getExponentialHistogram().getAggregationTemporality()
                                            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                            for (ExponentialHistogramDataPoint p :
                                    metric.getExponentialHistogram().getDataPointsList()) {
                                index = histogram(
                                        out,
                                        skipped,
                                        name,
                                        resource,
                                        scope,
                                        cumulative,
                                        new HistogramPoint(
                                                p.getFlags(),
                                                p.getAttributesList(),
                                                p.getStartTimeUnixNano(),
                                                p.getTimeUnixNano(),
                                                p.hasSum() ? p.getSum() : null,
                                                p.getCount(),
                                                p.hasMin() ? p.getMin() : null,
                                                p.hasMax() ? p.getMax() : null),
                                        index);
                            }
                        }
                        case SUMMARY -> {
                            for (var p : metric.getSummary().getDataPointsList()) {
                                if (noValue(p.getFlags())) {
                                    index++;
                                    continue;
                                }
                                Attributes a = attributes(p.getAttributesList());
                                out.add(new OtlpObservation(
                                        name,
                                        resource,
                                        scope,
                                        a.values,
                                        a.error,
                                        true,
                                        true,
                                        p.getStartTimeUnixNano(),
                                        p.getTimeUnixNano(),
                                        p.getSum(),
                                        p.getCount(),
                                        null,
                                        null,
                                        index++,
                                        true));
                            }
                        }
                        default -> skipped.add(new Rejection(0, index++, name + ": a metric without data"));
                    }
                }
            }
        }
        return out;
    }

    /** How many data points {@code metric} carries. */
    private static int dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    private static int number(
            List<OtlpObservation> out,
            List<Rejection> skipped,
            String name,
            Map<String, String> resource,
            Map<String, String> scope,
            NumberDataPoint p,
            boolean cumulative,
            boolean monotonic,
            int index) {
        if (noValue(p.getFlags())) {
            return index + 1;
        }
        double value =
                switch (p.getValueCase()) {
                    case AS_DOUBLE -> p.getAsDouble();
                    case AS_INT -> p.getAsInt();
                    default -> Double.NaN;
                };
        if (p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
            skipped.add(new Rejection(0, index, name + ": value: missing"));
            return index + 1;
        }
        Attributes a = attributes(p.getAttributesList());
        out.add(new OtlpObservation(
                name,
                resource,
                scope,
                a.values,
                a.error,
                cumulative,
                monotonic,
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                value,
                1,
                null,
                null,
                index,
                false));
        return index + 1;
    }

    /** What OTLP's two histogram point types have in common, as this reader uses it. */
    private record HistogramPoint(
            int flags,
            List<KeyValue> attributes,
            long startNanos,
            long timeNanos,
            Double sum,
            long count,
            Double min,
            Double max) {}

    /** Adds a histogram point's count and sum (min and max only of a delta point); returns the next index. */
    private static int histogram(
            List<OtlpObservation> out,
            List<Rejection> skipped,
            String name,
            Map<String, String> resource,
            Map<String, String> scope,
            boolean cumulative,
            HistogramPoint p,
            int index) {
        if (noValue(p.flags())) {
            return index + 1;
        }
        if (p.sum() == null) {
            skipped.add(new Rejection(0, index, name + ": a histogram point without a sum"));
            return index + 1;
        }
        Attributes a = attributes(p.attributes());
        out.add(new OtlpObservation(
                name,
                resource,
                scope,
                a.values,
                a.error,
                cumulative,
                true,
                p.startNanos(),
                p.timeNanos(),
                p.sum(),
                p.count(),
                cumulative ? null : p.min(),
                cumulative ? null : p.max(),
                index,
                true));
        return index + 1;
    }

    private static boolean noValue(int flags) {
        return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
    }

    private record Attributes(Map<String, String> values, String error) {}

    private static Attributes attributes(List<KeyValue> list) {
        Map<String, String> values = new HashMap<>();
        String error = null;
        for (KeyValue kv : list) {
            String text = scalar(kv.getValue());
            if (text == null) {
                error = "attributes." + kv.getKey() + ": must be a string, number or boolean";
            } else {
                values.put(kv.getKey(), text);
            }
        }
        return new Attributes(values, error);
    }

    /** Scalar attributes as text; others (lists, maps, bytes) are left out. */
    private static Map<String, String> scalars(List<KeyValue> list) {
        Map<String, String> values = new HashMap<>();
        for (KeyValue kv : list) {
            String text = scalar(kv.getValue());
            if (text != null) {
                values.put(kv.getKey(), text);
            }
        }
        return values;
    }

    private static String scalar(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            default -> null;
        };
    }
}
