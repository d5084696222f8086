package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.local.demo.Scenario.Metric;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The replay's metrics step: registers the metrics catalogue, imports each metric's history and streams its last days
 * through its live door (OTLP/HTTP or Kafka), as the team's exporters would; and how a live door stamps and rounds a
 * point.
 */
final class MetricsReplay {

    private final Scenario scenario;
    private final MetricsClient metrics;
    private final String kafkaBootstrap;
    private final PrintStream out;

    MetricsReplay(Scenario scenario, MetricsClient metrics, String kafkaBootstrap, PrintStream out) {
        this.scenario = scenario;
        this.metrics = metrics;
        this.kafkaBootstrap = kafkaBootstrap;
        this.out = out;
    }

    /**
     * The last days of each metric that its exporter streams through its live door (OTLP, Kafka), within any sane late
     * limit; everything before is history, imported as a team would import it on its first day.
     */
    static final int LIVE_DAYS = 30;

    /**
     * The metrics catalogue and every metric's points: its history through the history import, its last
     * {@value #LIVE_DAYS} days through its live door. Each step may run again: registering the same metric answers 200,
     * importing the same history changes nothing, and a live day is sent only if it is neither in the rollups nor on
     * the Kafka topic (where a run before may have left it for the metrics service to apply). Returns how many points
     * were sent.
     */
    long sendPoints() {
        long begin = System.nanoTime();
        scenario.metrics().forEach(metrics::register);
        out.printf(
                "  catalogue   %d metrics registered (%s)%n", scenario.metrics().size(), Replay.seconds(begin));

        LocalDate liveFrom = scenario.dataTo().minusDays(LIVE_DAYS - 1);
        begin = System.nanoTime();
        long historyPoints = 0;
        long created = 0;
        long unchanged = 0;
        int csv = 0;
        Map<Metric, List<MetricSeries.Point>> live = new LinkedHashMap<>();
        for (Metric metric : scenario.metrics()) {
            List<MetricSeries.Point> points = MetricSeries.points(scenario, metric);
            int split = points.size() - LIVE_DAYS;
            // an analytics export writes CSV; the services that count with OpenTelemetry dump NDJSON
            boolean asCsv = metric.feed() == Scenario.Feed.KAFKA;
            JsonNode imported = metrics.importHistory(metric, points.subList(0, split), asCsv);
            historyPoints += imported.path("points").asLong();
            created +=
                    imported.path("created").asLong() + imported.path("revised").asLong();
            unchanged += imported.path("unchanged").asLong();
            csv += asCsv ? 1 : 0;
            live.put(metric, points.subList(split, points.size()));
        }
        out.printf(
                "  history     %,d points of %d metrics, %s to %s, through POST /api/metrics/{key}/history: %d as CSV,"
                        + " %d as NDJSON; %,d buckets written, %,d already there (%s)%n",
                historyPoints,
                scenario.metrics().size(),
                scenario.dataFrom(),
                liveFrom.minusDays(1),
                csv,
                scenario.metrics().size() - csv,
                created,
                unchanged,
                Replay.seconds(begin));

        begin = System.nanoTime();
        long livePoints = 0;
        int records = 0;
        int otlpMetrics = 0;
        int kafkaMetrics = 0;
        int there = 0;
        // what a run before produced is on the topic, and counts once it is applied: it must not be produced again
        Map<String, Set<LocalDate>> onTopic = PointsProducer.daysOnTopic(
                kafkaBootstrap,
                live.keySet().stream()
                        .filter(m -> m.feed() == Scenario.Feed.KAFKA)
                        .map(Metric::key)
                        .collect(Collectors.toSet()));
        // OTLP first: it answers synchronously, so a platform that refuses the points says so before Kafka is fed
        List<Metric> order = new ArrayList<>(live.keySet());
        order.sort(Comparator.comparing(m -> m.feed() == Scenario.Feed.OTLP ? 0 : 1));
        try (PointsProducer producer = new PointsProducer(kafkaBootstrap)) {
            for (Metric metric : order) {
                Set<LocalDate> sent = new HashSet<>(metrics.daysWithPoints(metric.key(), liveFrom, scenario.dataTo()));
                sent.addAll(onTopic.getOrDefault(metric.key(), Set.of()));
                List<MetricSeries.Point> missing = live.get(metric).stream()
                        .filter(p -> !sent.contains(LocalDate.ofInstant(p.start(), ZoneOffset.UTC)))
                        .toList();
                if (missing.isEmpty()) {
                    there++;
                    continue;
                }
                if (metric.feed() == Scenario.Feed.OTLP) {
                    metrics.exportOtlp(metric, serviceOf(metric), missing);
                    otlpMetrics++;
                } else {
                    records += producer.send(metric.key(), missing);
                    kafkaMetrics++;
                }
                livePoints += missing.size();
            }
        }
        out.printf(
                "  live        %,d points of the last %d days, %s to %s: %d metrics over OTLP/HTTP, %d in %,d Kafka"
                        + " records%s (%s)%n",
                livePoints,
                LIVE_DAYS,
                liveFrom,
                scenario.dataTo(),
                otlpMetrics,
                kafkaMetrics,
                records,
                there == 0 ? "" : "; " + there + " metrics sent by a run before",
                Replay.seconds(begin));
        return historyPoints + livePoints;
    }

    /** When a metric's live door stamps a point: OTLP at the end of its interval, Kafka's export at its middle. */
    static Instant timestamp(Metric metric, MetricSeries.Point point) {
        return metric.feed() == Scenario.Feed.OTLP ? point.end() : point.middle();
    }

    /** The value a metric's live door sends: OTLP counters are integers ({@code asInt}). */
    static double value(Metric metric, MetricSeries.Point point) {
        return metric.feed() == Scenario.Feed.OTLP ? Math.round(point.value()) : point.value();
    }

    /** The service whose OpenTelemetry SDK counts the metric (its resource's service.name). */
    static String serviceOf(Metric metric) {
        return metric.key().startsWith("search.") ? "search" : "api-gateway";
    }
}
