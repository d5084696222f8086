package dev.whatmoved.metrics.operations;

import dev.whatmoved.metrics.ingest.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The points every ingest path takes and turns away, for {@code /q/metrics}: {@code whatmoved_points_accepted_total
 * {source}} and {@code whatmoved_points_rejected_total{source, reason}}. A source is one of {@link #KAFKA}, {@link
 * #HTTP}, {@link #CSV}, {@link #OTLP}; a reason one of a few fixed words ({@link #reason(String)}), never the rejection's
 * text, which names what the sender wrote: {@code /q/metrics} is public, and a label per text would let anyone add
 * series.
 */
// at start: its series exist (at zero) before the first point or delivery, for dashboards and rate()
@Startup
@ApplicationScoped
public class OperatorMetrics {

    public static final String KAFKA = "kafka";
    public static final String HTTP = "http";
    public static final String CSV = "csv";
    public static final String OTLP = "otlp";

    /** The reason of Kafka records whose points the rollups refused (dead-lettered whole, see PointsConsumer). */
    public static final String UNAPPLICABLE = "unapplicable";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every path's accepted series from the start, so a rate() has a zero to begin from
        for (String source : List.of(KAFKA, HTTP, CSV, OTLP)) {
            accepted(source, 0);
        }
    }

    /** Counts {@code count} points of {@code source} taken. */
    public void accepted(String source, long count) {
        counter("whatmoved.points.accepted", source, null).increment(count);
    }

    /** Counts {@code count} points of {@code source} turned away for {@code reason} (one of {@link #reason}'s words). */
    public void rejected(String source, String reason, long count) {
        counter("whatmoved.points.rejected", source, reason).increment(count);
    }

    /** Counts the points of a checked body: {@code accepted} taken, each of {@code rejections} by its reason. */
    public void points(String source, long accepted, List<Rejection> rejections) {
        accepted(source, accepted);
        for (Rejection rejection : rejections) {
            rejected(source, reason(rejection.reason()), 1);
        }
    }

    /**
     * The reason word of a rejection's text, by the field it names first ({@code value: must be a finite number} →
     * {@code value}). OTLP's texts begin with the metric's name ({@code <name>: value: missing}): that part is skipped.
     *
     * @return {@code unknown_metric}, {@code no_metric}, {@code timestamp}, {@code value}, {@code dimension_limit},
     *     {@code dimensions} or {@code malformed} (not readable as a point: broken JSON, a line that is no point, a CSV
     *     row that cannot be read)
     */
    public static String reason(String text) {
        if (text == null) {
            return "malformed";
        }
        String reason = field(text);
        if (reason == null) {
            int colon = text.indexOf(": ");
            reason = colon < 0 ? null : field(text.substring(colon + 2));
        }
        return reason == null ? "malformed" : reason;
    }

    private static String field(String text) {
        if (text.startsWith("metric: unknown")) {
            return "unknown_metric";
        }
        if (text.startsWith("metric:")) {
            return "no_metric";
        }
        if (text.startsWith("timestamp:")) {
            return "timestamp";
        }
        if (text.startsWith("value:")
                || text.startsWith("numerator")
                || text.startsWith("denominator")
                || text.startsWith("min:")
                || text.startsWith("max:")
                || text.startsWith("a histogram point")
                || text.startsWith("a metric without data")) {
            return "value";
        }
        if (text.startsWith("dimensions")) {
            return text.contains("dimension combinations") ? "dimension_limit" : "dimensions";
        }
        return null;
    }

    private Counter counter(String name, String source, String reason) {
        return counters.computeIfAbsent(name + '|' + source + '|' + reason, k -> {
            Counter.Builder builder = Counter.builder(name).tag("source", source);
            if (reason != null) {
                builder.tag("reason", reason).description("Points turned away, by ingest path and reason");
            } else {
                builder.description(
                        "Points taken into the rollups (Kafka) or the durable staging table (HTTP, CSV, OTLP)");
            }
            return builder.register(registry);
        });
    }
}
