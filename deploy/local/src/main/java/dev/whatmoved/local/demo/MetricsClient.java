package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.demo.Scenario.Metric;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics service's HTTP front doors: the catalogue an analytics team registers its metrics in, the history import
 * (CSV or NDJSON), OTLP/HTTP JSON as an OpenTelemetry Collector exports it, and the series API (to see that the points
 * are in).
 */
final class MetricsClient {

    /** Data points per OTLP request: a Collector's batch processor sends a few thousand at most. */
    static final int OTLP_BATCH = 1000;

    private final Http http;
    private final URI base;
    private final String exporterToken;
    private final String viewerToken;

    MetricsClient(Http http, URI base, String exporterToken, String viewerToken) {
        this.http = http;
        this.base = base;
        this.exporterToken = exporterToken;
        this.viewerToken = viewerToken;
    }

    /** Registers the metric; the same definition again is fine (200), another one under its key is not (409). */
    void register(Metric metric) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("key", metric.key());
        body.put("name", metric.name());
        body.put("unit", metric.unit());
        body.put("aggregation", "sum");
        body.put("goodDirection", metric.goodDirection());
        body.put("description", metric.name() + ", daily total (whatmoved demo)");
        Http.Answer answer = http.postJson(base.resolve("/api/metrics"), exporterToken, body);
        if (answer.status() == 409) {
            throw new LauncherException(
                    "the metrics service already has another definition of " + metric.key() + ": " + answer.detail(),
                    LauncherException.STARTUP_FAILED);
        }
        Http.expect(answer, "POST /api/metrics", 200, 201);
    }

    /**
     * Sends the points as OTLP/HTTP JSON delta sums, the way a Collector exports a service's counters: resource
     * {@code service.name}, one scope, monotonic delta sums with start and end of each interval.
     *
     * @return how many data points the service took
     */
    int exportOtlp(Metric metric, String serviceName, List<MetricSeries.Point> points) {
        int accepted = 0;
        for (int from = 0; from < points.size(); from += OTLP_BATCH) {
            List<MetricSeries.Point> batch = points.subList(from, Math.min(points.size(), from + OTLP_BATCH));
            ObjectNode request = Http.JSON.createObjectNode();
            ObjectNode resourceMetrics = request.putArray("resourceMetrics").addObject();
            ArrayNode attributes = resourceMetrics.putObject("resource").putArray("attributes");
            attribute(attributes, "service.name", serviceName);
            attribute(attributes, "service.namespace", "acme-shop");
            attribute(attributes, "telemetry.sdk.language", "java");
            ObjectNode scope = resourceMetrics.putArray("scopeMetrics").addObject();
            scope.putObject("scope").put("name", "shop." + serviceName);
            ObjectNode otlpMetric = scope.putArray("metrics").addObject();
            otlpMetric.put("name", metric.key());
            otlpMetric.put("unit", "{" + metric.unit() + "}");
            ObjectNode sum = otlpMetric.putObject("sum");
            sum.put("aggregationTemporality", 1); // AGGREGATION_TEMPORALITY_DELTA
            sum.put("isMonotonic", true);
            ArrayNode dataPoints = sum.putArray("dataPoints");
            for (MetricSeries.Point point : batch) {
                ObjectNode dataPoint = dataPoints.addObject();
                dataPoint.put("startTimeUnixNano", Long.toString(nanos(point.start())));
                dataPoint.put("timeUnixNano", Long.toString(nanos(point.end())));
                dataPoint.put("asInt", Long.toString(Math.round(point.value())));
            }
            Http.Answer answer = Http.expect(
                    http.send(
                            "POST",
                            base.resolve("/v1/metrics"),
                            exporterToken,
                            Map.of("Content-Type", "application/json"),
                            Http.bytes(request)),
                    "POST /v1/metrics",
                    200);
            JsonNode partial = answer.body().path("partialSuccess");
            long rejected = partial.path("rejectedDataPoints").asLong(0);
            if (rejected > 0) {
                throw new LauncherException(
                        "the metrics service rejected " + rejected + " of " + batch.size() + " OTLP data points of "
                                + metric.key() + ": "
                                + partial.path("errorMessage").asText()
                                + tooOldHint(partial.path("errorMessage").asText()),
                        LauncherException.STARTUP_FAILED);
            }
            accepted += batch.size();
        }
        return accepted;
    }

    /**
     * Imports points as the metric's history ({@code POST /api/metrics/{key}/history}), as CSV (an analytics export) or
     * NDJSON, with the timestamps and values its live door gives them ({@link MetricsReplay#timestamp}, {@link
     * MetricsReplay#value}): buckets that hold those already stay as they are, so importing again changes nothing.
     *
     * @return the service's answer (points, buckets created, revised and unchanged)
     */
    JsonNode importHistory(Metric metric, List<MetricSeries.Point> points, boolean csv) {
        StringBuilder body = new StringBuilder(points.size() * 48);
        if (csv) {
            body.append("timestamp,value\n");
        }
        for (MetricSeries.Point point : points) {
            String timestamp = MetricsReplay.timestamp(metric, point).toString();
            String value = number(MetricsReplay.value(metric, point));
            if (csv) {
                body.append(timestamp).append(',').append(value).append('\n');
            } else {
                body.append("{\"timestamp\":\"")
                        .append(timestamp)
                        .append("\",\"value\":")
                        .append(value)
                        .append("}\n");
            }
        }
        String path = "/api/metrics/" + metric.key() + "/history";
        Http.Answer answer = http.send(
                "POST",
                base.resolve(path),
                exporterToken,
                Map.of("Content-Type", csv ? "text/csv" : "application/x-ndjson"),
                body.toString().getBytes(StandardCharsets.UTF_8));
        if (answer.status() == 404 || answer.status() == 405) {
            throw new LauncherException(
                    "the metrics service has no history import (POST " + path + " answered " + answer.status()
                            + "): it is older than this launcher; rebuild (./whatmoved build) and restart the platform",
                    LauncherException.STARTUP_FAILED);
        }
        return Http.expect(answer, "POST " + path, 200).body();
    }

    /** The days from {@code from} to {@code to} (both included) that hold points of the metric. */
    Set<LocalDate> daysWithPoints(String metric, LocalDate from, LocalDate to) {
        Http.Answer answer = Http.expect(
                http.get(
                        base.resolve("/api/metrics/" + metric + "/series?granularity=day&from=" + from + "&to="
                                + to.plusDays(1)),
                        viewerToken),
                "GET /api/metrics/" + metric + "/series",
                200);
        Set<LocalDate> days = new HashSet<>();
        for (JsonNode bucket : answer.body().path("buckets")) {
            days.add(LocalDate.parse(bucket.path("start").asText().substring(0, 10)));
        }
        return days;
    }

    /** A value as JSON and CSV write it: integral values without a fraction. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** The day's total number of points, 0 while there is none. */
    long pointsOn(String metric, LocalDate day) {
        Http.Answer answer = Http.expect(
                http.get(
                        base.resolve("/api/metrics/" + metric + "/series?granularity=day&from=" + day + "&to="
                                + day.plusDays(1)),
                        viewerToken),
                "GET /api/metrics/" + metric + "/series",
                200);
        for (JsonNode bucket : answer.body().path("buckets")) {
            if (bucket.path("start").asText().startsWith(day.toString())) {
                return bucket.path("count").asLong();
            }
        }
        return 0;
    }

    static String tooOldHint(String reason) {
        return reason.contains("old")
                ? " (the demo streams its last " + MetricsReplay.LIVE_DAYS
                        + " days through the live doors: the platform's"
                        + " WHATMOVED_METRICS_LATE_LIMIT must be longer than that; the default is 120 days)"
                : "";
    }

    private static void attribute(ArrayNode attributes, String key, String value) {
        ObjectNode attribute = attributes.addObject();
        attribute.put("key", key);
        attribute.putObject("value").put("stringValue", value);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
